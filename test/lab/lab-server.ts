/**
 * Starts JupyterLab from the project venv for the browser suite, and stops it again whatever happened.
 *
 * The server listens on a free loopback port with a random token, serves a work copy of the notebooks (never the
 * committed ones), signs notebooks into an in-memory notary (so a new server sees every saved notebook as
 * untrusted), and keeps its settings, workspaces and runtime files in a state folder of its own, so neither the
 * user's Jupyter configuration nor an earlier run changes what the browser sees.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

const REPO = path.resolve(__dirname, '../..');
const JUPYTER = path.join(REPO, '.venv', 'bin', 'jupyter');
/** The venv's kernelspecs (tslab) come first, as in `npm start`. */
const JUPYTER_PATH = path.join(REPO, '.venv', 'share', 'jupyter');
const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Lab settings for the suite: no news or update pop-ups in the screenshots (there is no network), and every cell
 * attached to the page (Lab's default windowing leaves cells outside the viewport out of the DOM until scrolled to).
 */
const USER_SETTINGS: Record<string, object> = {
  '@jupyterlab/apputils-extension/notification.jupyterlab-settings': {
    fetchNews: 'false',
    checkForUpdates: false,
  },
  '@jupyterlab/notebook-extension/tracker.jupyterlab-settings': { windowingMode: 'none' },
};

/** A running JupyterLab. */
export interface LabServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly token: string;
  /** The server's process id; kernels run below it. */
  readonly pid: number;
  /** Calls the server's REST API with the token; throws on a non-2xx answer. */
  api<T>(route: string, method?: 'GET' | 'DELETE'): Promise<T>;
  /** Shuts down every kernel, then the server's whole process group. Safe to call twice. */
  stop(): Promise<void>;
}

/** What `startLabServer` needs. */
export interface LabServerOptions {
  /** The folder JupyterLab serves (`--ServerApp.root_dir`). */
  readonly rootDir: string;
  /** A folder for this server's settings, workspaces, runtime files and log. */
  readonly stateDir: string;
}

/** A port nobody listens on right now: the one the OS picks for a socket bound to port 0. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

function writeUserSettings(settingsDir: string): void {
  for (const [file, settings] of Object.entries(USER_SETTINGS)) {
    const target = path.join(settingsDir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(settings));
  }
}

function logTail(logFile: string): string {
  const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  return text.split('\n').slice(-30).join('\n');
}

const sleep = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Sends `signal` to the server's process group (it leads one: spawned detached); false if it is gone. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return Promise.race([
    new Promise<boolean>((resolve) => {
      child.once('exit', () => {
        resolve(true);
      });
    }),
    sleep(ms).then(() => false),
  ]);
}

/** Starts JupyterLab and resolves once its `/api/status` answers; see the module comment for the setup. */
export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  if (!fs.existsSync(JUPYTER)) throw new Error(`${JUPYTER} is missing: run \`npm run setup\` first.`);
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const url = `http://127.0.0.1:${port}`;
  const settingsDir = path.join(options.stateDir, 'settings');
  writeUserSettings(settingsDir);
  const logFile = path.join(options.stateDir, 'server.log');
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    JUPYTER,
    [
      'lab',
      '--no-browser',
      // CI containers run as root; Jupyter refuses to start as root without it.
      '--allow-root',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${options.rootDir}`,
      '--NotebookNotary.db_file=:memory:',
      `--LabApp.user_settings_dir=${settingsDir}`,
      `--LabApp.workspaces_dir=${path.join(options.stateDir, 'workspaces')}`,
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        JUPYTER_PATH,
        JUPYTER_CONFIG_DIR: path.join(options.stateDir, 'config'),
        JUPYTER_RUNTIME_DIR: path.join(options.stateDir, 'runtime'),
      },
    },
  );
  fs.closeSync(log);

  // Ctrl+C during the suite must not leave a server (and its kernels) behind; SIGTERM lets Jupyter stop them.
  const onInterrupt = () => {
    signalGroup(child, 'SIGTERM');
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);

  const api = async <T>(route: string, method: 'GET' | 'DELETE' = 'GET'): Promise<T> => {
    const response = await fetch(`${url}${route}`, { method, headers: { Authorization: `token ${token}` } });
    if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('SIGINT', onInterrupt);
    // Kernels run in process groups of their own, so they are shut down through the API first.
    try {
      const kernels = await api<{ id: string }[]>('/api/kernels');
      await Promise.all(kernels.map((kernel) => api(`/api/kernels/${kernel.id}`, 'DELETE')));
    } catch {
      // The server is already gone or not answering; the signals below still end it.
    }
    if (signalGroup(child, 'SIGTERM') && !(await waitForExit(child, STOP_TIMEOUT_MS))) {
      signalGroup(child, 'SIGKILL');
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`JupyterLab exited with code ${child.exitCode} while starting:\n${logTail(logFile)}`);
    }
    try {
      await api('/api/status');
      return { url, token, pid: child.pid!, api, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `JupyterLab did not answer /api/status within ${STARTUP_TIMEOUT_MS / 1000} s:\n${logTail(logFile)}`,
        );
      }
      await sleep(250);
    }
  }
}

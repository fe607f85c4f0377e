import { expect } from 'chai';
import { loadTfjsNode, SETUP_COMMAND, type PackageLoader } from '../../src/backend/tensorflow';

/** A stand-in for `require`: resolves unless told the package is absent, and loads by calling `load`. */
function loader(options: { installed: boolean; load: () => unknown }): PackageLoader {
  return {
    resolve: (name) => {
      if (!options.installed) throw new Error(`Cannot find module '${name}'`);
      return name;
    },
    load: options.load,
  };
}

function failWith(message: string): () => never {
  return () => {
    throw new Error(message);
  };
}

describe('backend/tensorflow', () => {
  let savedLogLevel: string | undefined;
  beforeEach(() => {
    savedLogLevel = process.env.TF_CPP_MIN_LOG_LEVEL;
  });
  afterEach(() => {
    if (savedLogLevel === undefined) delete process.env.TF_CPP_MIN_LOG_LEVEL;
    else process.env.TF_CPP_MIN_LOG_LEVEL = savedLogLevel;
  });

  it('returns undefined once tfjs-node has loaded', () => {
    let loads = 0;
    expect(loadTfjsNode(loader({ installed: true, load: () => (loads += 1) }))).to.equal(undefined);
    expect(loads).to.equal(1);
  });

  it('says how to install tfjs-node when the package is absent, without trying to load it', () => {
    const problem = loadTfjsNode(loader({ installed: false, load: failWith('must not be loaded') }));
    expect(problem).to.equal(
      `tfjs-node (native TensorFlow) is not installed: \`${SETUP_COMMAND}\` adds it to your project`,
    );
  });

  it('names a missing native binding, as tfjs-node reports it, and the command that builds it', () => {
    // The first line of the error tfjs-node 4.22.0 throws when its install script never produced the addon.
    const missingAddon =
      'The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/lib/napi-v8/tfjs_binding.node. ' +
      "\nPlease run command 'npm rebuild @tensorflow/tfjs-node --build-addon-from-source' to rebuild it.";
    const problem = loadTfjsNode(loader({ installed: true, load: failWith(missingAddon) }));
    expect(problem).to.equal(
      `tfjs-node is installed but its native binding is missing: \`${SETUP_COMMAND}\` builds it`,
    );
  });

  it('keeps only the first line of any other load error', () => {
    const dlopenError =
      'libtensorflow_cc.so.2: cannot open shared object file: No such file or directory\n    at stack';
    const problem = loadTfjsNode(loader({ installed: true, load: failWith(dlopenError) }));
    expect(problem).to.equal(
      'tfjs-node failed to load (libtensorflow_cc.so.2: cannot open shared object file: No such file or directory): ' +
        `\`${SETUP_COMMAND}\` rebuilds it`,
    );
  });

  it("quiets TensorFlow's INFO start-up log unless TF_CPP_MIN_LOG_LEVEL is set", () => {
    delete process.env.TF_CPP_MIN_LOG_LEVEL;
    loadTfjsNode(loader({ installed: true, load: () => undefined }));
    expect(process.env.TF_CPP_MIN_LOG_LEVEL).to.equal('1');

    process.env.TF_CPP_MIN_LOG_LEVEL = '0';
    loadTfjsNode(loader({ installed: true, load: () => undefined }));
    expect(process.env.TF_CPP_MIN_LOG_LEVEL).to.equal('0');
  });
});

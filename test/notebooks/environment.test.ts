// requirements.txt (venv), environment.yml (conda, Binder) and package.json must describe one environment.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Environment {
  dependencies: (string | { pip: string[] })[];
}

function requirementPins(): string[] {
  return read('requirements.txt')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

describe('notebook environment files', () => {
  const environment = parse(read('environment.yml')) as Environment;
  const condaPackages = environment.dependencies.filter((item): item is string => typeof item === 'string');
  const pipPackages = environment.dependencies.find((item): item is { pip: string[] } => typeof item !== 'string')?.pip;
  const packageJson = JSON.parse(read('package.json')) as {
    engines: { node: string };
    devDependencies: Record<string, string>;
  };

  it('pins every requirement to an exact version', () => {
    for (const pin of requirementPins()) expect(pin).to.match(/^[A-Za-z0-9_.-]+==[0-9][\w.]*$/);
  });

  it('lists in environment.yml exactly the Python packages of requirements.txt', () => {
    expect(pipPackages).to.deep.equal(requirementPins());
  });

  it("asks conda for the Node.js version package.json's engines field requires", () => {
    expect(condaPackages).to.include(`nodejs${packageJson.engines.node}`);
  });

  it('uses the Python of the venv setup (3.11)', () => {
    expect(condaPackages).to.include('python=3.11');
    expect(read('scripts/setup.sh')).to.include('python3 -m venv .venv');
  });

  it('pins tslab exactly, since its bundled TypeScript decides what notebook cells may contain', () => {
    expect(packageJson.devDependencies.tslab).to.equal('1.0.22');
  });

  it('registers the kernel on Binder the way setup.sh does, inside the environment', () => {
    for (const script of ['postBuild', 'scripts/setup.sh']) expect(read(script)).to.match(/tslab" install --python \S+ --sys-prefix|tslab install --python \S+ --sys-prefix/);
  });
});

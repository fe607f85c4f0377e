// The SavedModel folder layout, and the cache that writes each distinct graph once.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import { cachedSavedModel, writeSavedModel } from '../../../../src/core/executor/tf-graph';
import type { GraphDef } from '../../../../src/core/executor/tf-graph/graph-def';
import { attr } from '../../../../src/core/executor/tf-graph/node-def';
import { encodeSavedModel, type Signature } from '../../../../src/core/executor/tf-graph/saved-model-proto';
import { temporaryCache } from './support';

function negation(size: number): { graph: GraphDef; signature: Signature } {
  const T = attr.type('float32');
  return {
    graph: {
      producer: 2474,
      nodes: [
        { name: 'input_0', op: 'Placeholder', inputs: [], attrs: { dtype: T, shape: attr.shape([size]) } },
        { name: 'Neg', op: 'Neg', inputs: ['input_0'], attrs: { T } },
        { name: 'output_0', op: 'Identity', inputs: ['Neg'], attrs: { T } },
      ],
    },
    signature: {
      inputs: [{ key: 'input_0', tensorName: 'input_0:0', dtype: 'float32', shape: [size] }],
      outputs: [{ key: 'output_0', tensorName: 'output_0:0', dtype: 'float32', shape: [size] }],
    },
  };
}

describe('core/executor/tf-graph/saved-model-writer', () => {
  const cache = temporaryCache();
  after(() => {
    cache.remove();
  });

  it('writes saved_model.pb and the empty variables/ folder TensorFlow’s loader expects', () => {
    const { graph, signature } = negation(3);
    const dir = join(cache.dir, 'by-hand');
    writeSavedModel(dir, graph, signature);
    expect(readdirSync(dir).sort()).to.deep.equal(['saved_model.pb', 'variables']);
    expect(readdirSync(join(dir, 'variables'))).to.deep.equal([]);
    expect(new Uint8Array(readFileSync(join(dir, 'saved_model.pb')))).to.deep.equal(
      encodeSavedModel(graph, signature),
    );
  });

  it('caches by the SHA-256 of saved_model.pb: the same graph is written once, another gets its own folder', () => {
    const root = join(cache.dir, 'cache');
    const { graph, signature } = negation(3);
    const first = cachedSavedModel(graph, signature, root);
    expect(basename(first)).to.equal(
      createHash('sha256').update(encodeSavedModel(graph, signature)).digest('hex'),
    );
    const written = statSync(join(first, 'saved_model.pb'));

    const again = negation(3);
    expect(cachedSavedModel(again.graph, again.signature, root)).to.equal(first);
    const reread = statSync(join(first, 'saved_model.pb'));
    expect([reread.ino, reread.mtimeMs]).to.deep.equal([written.ino, written.mtimeMs], 'not rewritten');

    const other = negation(4);
    const second = cachedSavedModel(other.graph, other.signature, root);
    expect(second).not.to.equal(first);
    expect(existsSync(join(second, 'saved_model.pb'))).to.be.true;
    // Nothing else is left behind (the staging folders are renamed into place).
    expect(readdirSync(root).sort()).to.deep.equal([basename(first), basename(second)].sort());
  });

  it('writes attributes in one order whatever order they were given in, so equal graphs hash equally', () => {
    const { graph, signature } = negation(2);
    const [placeholder, ...rest] = graph.nodes;
    const reordered = {
      ...placeholder,
      attrs: { shape: placeholder.attrs.shape, dtype: placeholder.attrs.dtype },
    };
    expect(encodeSavedModel({ ...graph, nodes: [reordered, ...rest] }, signature)).to.deep.equal(
      encodeSavedModel(graph, signature),
    );
  });
});

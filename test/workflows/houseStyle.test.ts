import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';

// The house style written down in workflows/index.ts, checked on the sources so that a new workflow follows it too.
const dir = new URL('../../workflows/', import.meta.url);
const sources = await Promise.all(
  (await readdir(dir))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map(async (name) => ({ name, text: await readFile(new URL(name, dir), 'utf8') })),
);
const index = sources.find(({ name }) => name === 'index.ts')!.text;
const workflowFiles = sources.filter(({ name }) => index.includes(`from './${name.replace(/\.ts$/, '.js')}'`));
const others = (...names: string[]) => sources.filter(({ name }) => !names.includes(name));

/** The lines of `files` that match `pattern`, as `file: line`. */
const offending = (files: typeof sources, pattern: RegExp) =>
  files.flatMap(({ name, text }) => text.split('\n').filter((line) => pattern.test(line)).map((line) => `${name}: ${line.trim()}`));

describe('every workflow keeps the house style', () => {
  test('index.ts names the six workflow modules', () => {
    assert.deepEqual(
      workflowFiles.map(({ name }) => name),
      ['addCustomer.ts', 'adminRelationship.ts', 'relationshipChanges.ts', 'relationshipRequest.ts', 'relationshipRequestBatch.ts', 'webhookDelivery.ts'],
    );
  });

  test('workflows import nothing from the layers above them', () => {
    assert.deepEqual(offending(sources, /from '\.\.\/(activities|platform|api|worker)\//), []);
  });

  test('the domain modules workflows load are free of any library (each cached workflow loads its own copy)', async () => {
    const loaded = new Set(
      sources.flatMap(({ text }) => [...text.matchAll(/^import (?!type )[^;]*from '\.\.\/domain\/([\w]+)\.js'/gm)].map((match) => match[1]!)),
    );
    assert.ok(loaded.size > 0);
    const withLibraries: string[] = [];
    for (const name of loaded) {
      const text = await readFile(new URL(`../../domain/${name}.ts`, import.meta.url), 'utf8');
      for (const match of text.matchAll(/^import (?!type )[^;]*from '([^.][^']*)'/gm)) withLibraries.push(`domain/${name}.ts: ${match[1]}`);
    }
    assert.deepEqual(withLibraries, []);
  });

  test('activity proxies are typed by a port and take their options from steps.ts', () => {
    for (const { name, text } of workflowFiles) {
      const proxies = [...text.matchAll(/= proxy(?:Local)?Activities<(\w+)>\(/g)].map((match) => match[1]);
      assert.ok(proxies.length > 0, `${name} declares no activity proxy`);
      for (const port of proxies) assert.match(port!, /Activities$/, `${name}: ${port} is not a port of activityPorts.ts`);
      assert.match(text, /from '\.\/activityPorts\.js'/, `${name} does not type its proxies by activityPorts.ts`);
      assert.match(text, /from '\.\/steps\.js'/, `${name} does not take its step options from steps.ts`);
    }
    assert.deepEqual(offending(others('steps.ts'), /initialInterval|backoffCoefficient|maximumInterval|scheduleToCloseTimeout/), []);
  });

  test('every step is called with a summary from activitySummaries.ts', () => {
    for (const { name, text } of workflowFiles) assert.match(text, /from '\.\/activitySummaries\.js'/, name);
    // A proxy's step called bare would have no summary.
    assert.deepEqual(offending(workflowFiles, /\b(inTask|inTaskOnce|scheduled|heartbeating)\.\w+\(/), []);
    assert.deepEqual(offending(others('steps.ts', 'activitySummaries.ts'), /summary: ['`"]/), []);
  });

  test('every workflow sets its current details from currentDetails.ts', () => {
    for (const { name, text } of workflowFiles) {
      assert.match(text, /setCurrentDetails\(/, name);
      assert.match(text, /from '\.\/currentDetails\.js'/, name);
    }
    assert.deepEqual(offending(workflowFiles, /setCurrentDetails\(\s*['`"]/), []);
  });

  test('time is read only through workflowTime.ts', () => {
    assert.deepEqual(offending(others('workflowTime.ts'), /Date\.now\(|new Date\(|setTimeout\(|setInterval\(/), []);
  });
});

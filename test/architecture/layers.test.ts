import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import architecture, { layers } from '../../.dependency-cruiser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function violationsIn(baseDir: string, folders: string[]): Promise<string[]> {
  const { output } = await cruise(
    folders,
    {
      ...architecture.options,
      baseDir,
      validate: true,
      ruleSet: { forbidden: architecture.forbidden as IForbiddenRuleType[] },
      tsConfig: { fileName: fileURLToPath(new URL('tsconfig.json', `file://${root}/`)) },
    },
  );
  const result = output as ICruiseResult;
  return result.summary.violations.map(({ rule, from, to, cycle }) =>
    cycle ? `${rule.name}: ${[from, ...cycle.map((step) => step.name)].join(' → ')}` : `${rule.name}: ${from} → ${to}`,
  );
}

describe('the layers run one way', () => {
  test('no product file imports from a layer above it, and no imports go in a circle', async () => {
    const violations = await violationsIn(root, layers.map(([name]) => name));
    assert.deepEqual(violations, []);
  });

  test('an import from a lower layer into a higher one is refused, and so is the circle it makes', async () => {
    const violations = await violationsIn(fileURLToPath(new URL('wrongImport', import.meta.url)), ['domain', 'api']);
    assert.ok(violations.some((line) => line === 'domain-not-on-api: domain/rule.ts → api/route.ts'), violations.join('\n'));
    assert.ok(violations.some((line) => line.startsWith('no-circles: ')), violations.join('\n'));
  });
});

/**
 * Records one workflow history per path into test/histories/<folder>/, for the replay test:
 *
 *   npm run record-histories -- <folder>                        every path of every workflow
 *   npm run record-histories -- <folder> <workflow|path> ...    only these: a workflow type records all its paths
 *                                                               (relationshipEnding), a path name that path (declined)
 *
 * Files of paths not named are left as they are. The paths are listed in test/support/historyPaths.ts. Needs
 * TEMPORAL_ADDRESS and MONGODB_URI, e.g. from `npm run services`. docs/versioning.md says when a new folder is needed
 * and when an old one can go.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createAccessTokenVerifier } from '../../api/identity/accessTokens.js';
import { cachedBinaryPath } from '../../scripts/services/binaries.js';
import { accessTokenPolicy, historyDrivers, type RecordedRun } from './historyDrivers.js';
import { recordedPaths, recordingSecret } from './historyPaths.js';
import { startStack, type Stack } from './stack.js';
import { startTokenIssuer } from './tokenIssuer.js';

const [folder, ...names] = process.argv.slice(2);
const known = new Set(recordedPaths.flatMap(({ path, workflowType }) => [path, workflowType]));
const unknown = names.filter((name) => !known.has(name));
if (!folder || !/^[a-z0-9.-]+$/.test(folder) || known.has(folder) || unknown.length > 0) {
  if (folder && known.has(folder)) console.error(`${folder} is a path, not a folder: name the folder first`);
  if (unknown.length > 0) console.error(`Unknown workflow or path: ${unknown.join(', ')}`);
  console.error('Usage: npm run record-histories -- <folder> [<workflow|path> ...]   (a folder under test/histories/, e.g. v1)');
  console.error(`Workflows and their paths:\n${recordedPaths.map(({ workflowType, path }) => `  ${workflowType}  ${path}`).join('\n')}`);
  process.exit(2);
}
const selected = recordedPaths.filter(({ path, workflowType }) => names.length === 0 || names.includes(path) || names.includes(workflowType));
const outDir = new URL(`../histories/${folder}/`, import.meta.url);
await mkdir(outDir, { recursive: true });

async function save(stack: Stack, path: string, run: RecordedRun) {
  const handle = stack.client.workflow.getHandle(run.workflowId, run.runId);
  await handle.result();
  // A run that continued as new is recorded as its last run, the one the result came from.
  const { runId } = await handle.describe();
  // The CLI writes the canonical JSON form that the SDK's historyFromJSON reads back.
  const temporal = process.env.TEMPORAL_CLI ?? cachedBinaryPath('temporal', process.env);
  const { stdout } = await promisify(execFile)(
    temporal,
    ['workflow', 'show', '--address', process.env.TEMPORAL_ADDRESS!, '-w', run.workflowId, '-r', runId, '--output', 'json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  await writeFile(new URL(`${path}.json`, outDir), stdout);
  console.log(`recorded ${folder}/${path}`);
}

const issuer = await startTokenIssuer();
const stack = await startStack({ secret: recordingSecret, invitationTtl: '8s', reminderAfter: '2s,4s', adminRelationshipDay: '100ms', accessTokens: createAccessTokenVerifier(accessTokenPolicy(issuer)) });
try {
  for (const { path } of selected) await save(stack, path, await historyDrivers[path]({ stack, issuer }));
} finally {
  await stack.stop();
  await issuer.close();
}

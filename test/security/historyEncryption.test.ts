import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import proto from '@temporalio/proto';
import { relationshipRequestWorkflowId } from '../../workflows/relationshipRequestContract.js';
import { call, invitationPath } from '../support/http.js';
import { decodedHistory, seededStack, type Stack } from '../support/stack.js';

const { temporal } = proto;

// What a partner and a customer write, each distinctive enough that finding it anywhere in a history is no accident.
const personal = {
  customerEmail: 'it.department@berlin.example',
  message: 'Hallo Jana, wie am Telefon besprochen',
  firstName: 'Jana-Marie',
  lastName: 'Weberstrasse',
  email: 'jana.weberstrasse@berlin.example',
  phone: '+49 30 9876543',
  userAgent: 'HistoryProbe/7.3 (Jana workstation)',
  clientAddress: '127.0.0.1',
};

/** Every byte of a history as the server keeps it, and the same history with its payloads decoded by the product's codec. */
async function historyBytes(stack: Stack, workflowId: string) {
  const read = () => stack.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
  const bytes = (history: proto.temporal.api.history.v1.IHistory) => Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  return { stored: bytes((await read()).history!), decoded: bytes(await decodedHistory(stack, (await read()).history!)) };
}

describe('personal data in Temporal histories', () => {
  const ctx = seededStack();

  test("a history read straight from the server holds no name, email, phone, client address or agent, or partner's message in clear", async () => {
    const created = await call(ctx.stack, 'POST', '/v1/relationship-requests', {
      key: ctx.world.keys.deAdmin,
      body: { customerTenantId: ctx.world.tenants.deCustomer, customerEmail: personal.customerEmail, message: personal.message, includeDelegatedAdminPrivileges: true },
    });
    assert.equal(created.status, 201, created.text);
    // Through a listening server, so that the acceptance records the client's address as in production.
    const server = serve({ fetch: ctx.stack.app.fetch, hostname: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    try {
      const accepted = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${invitationPath(created.json.invitationUrl)}/accept`, {
        method: 'POST',
        headers: { 'user-agent': personal.userAgent, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: personal.firstName, lastName: personal.lastName, email: personal.email, phone: personal.phone, acceptAgreement: true }),
      });
      assert.equal(accepted.status, 200, await accepted.text());
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const workflowId = relationshipRequestWorkflowId(ctx.world.tenants.dePartner, ctx.world.tenants.deCustomer);
    await ctx.stack.client.workflow.getHandle(workflowId).result();

    const { stored, decoded } = await historyBytes(ctx.stack, workflowId);
    for (const [field, value] of Object.entries(personal)) {
      assert.ok(decoded.includes(value), `${field} is in the decoded history: the probe looks where the data is`);
      assert.ok(!stored.includes(value), `${field} is in clear in the stored history`);
    }
  });
});

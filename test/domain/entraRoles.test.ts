import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  entraRoleById,
  entraRoles,
  gdapTaskTemplates,
  globalAdministratorRoleId,
  RoleTemplateId,
} from '../../domain/entraRoles.js';

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('the Microsoft Entra roles a partner may request through GDAP', () => {
  test('every template ID is a lower-case GUID, and no two roles share one', () => {
    for (const role of entraRoles) assert.match(role.templateId, guid, role.name);
    assert.equal(new Set(entraRoles.map((role) => role.templateId)).size, entraRoles.length);
  });

  test('names and descriptions are given in English and Turkish', () => {
    for (const role of entraRoles) {
      for (const text of [role.name, role.nameTr, role.description, role.descriptionTr]) {
        assert.ok(text.trim().length > 0, `${role.templateId} has an empty name or description`);
      }
    }
    assert.equal(new Set(entraRoles.map((role) => role.name)).size, entraRoles.length);
    assert.equal(new Set(entraRoles.map((role) => role.nameTr)).size, entraRoles.length);
  });

  test('every role in the table is one GDAP allows', () => {
    for (const role of entraRoles) assert.equal(role.gdap, true, role.name);
  });

  test('Global Administrator is there, privileged, and the only role that stops auto-extend', () => {
    const globalAdministrator = entraRoleById(globalAdministratorRoleId);
    assert.equal(globalAdministratorRoleId, '62e90394-69f5-4237-9190-012177145e10');
    assert.equal(globalAdministrator?.name, 'Global Administrator');
    assert.equal(globalAdministrator?.nameTr, 'Genel Yönetici');
    assert.equal(globalAdministrator?.privileged, true);
    assert.deepEqual(
      entraRoles.filter((role) => !role.autoExtendable).map((role) => role.templateId),
      [globalAdministratorRoleId],
    );
  });

  test('the privileged label follows the reference for some well-known roles', () => {
    const privileged = (templateId: string) => entraRoleById(templateId)?.privileged;
    assert.equal(privileged('729827e3-9c14-49f7-bb1b-9608f156bbb8'), true, 'Helpdesk Administrator');
    assert.equal(privileged('f2ef992c-3afb-46b9-b7cf-a126ee74c451'), true, 'Global Reader');
    assert.equal(privileged('f023fd81-a637-4b56-95fd-791ac0226033'), false, 'Service Support Administrator');
    assert.equal(privileged('4d6ac14f-3453-41d0-bef9-a3e0c569773a'), false, 'License Administrator');
  });

  test('a role is found by its template ID in any letter case, and an unknown one is not', () => {
    assert.equal(entraRoleById('729827E3-9C14-49F7-BB1B-9608F156BBB8')?.name, 'Helpdesk Administrator');
    assert.equal(entraRoleById('00000000-0000-0000-0000-000000000000'), undefined);
  });
});

describe('RoleTemplateId', () => {
  test('accepts a template ID in the table, stored lower-case', () => {
    assert.equal(RoleTemplateId.parse(' 62E90394-69F5-4237-9190-012177145E10 '), globalAdministratorRoleId);
  });

  test('refuses a GUID that is not a GDAP role in the table, saying what it wants', () => {
    for (const input of [
      '00000000-0000-0000-0000-000000000000',
      // Directory Synchronization Accounts: a real built-in role, but one this table leaves out
      'd29b2b05-8046-44ba-8758-1e26182fcf32',
      'Helpdesk Administrator',
      '',
    ]) {
      const result = RoleTemplateId.safeParse(input);
      assert.equal(result.success, false, input);
      assert.match(result.error?.issues[0]?.message ?? '', /template ID of a Microsoft Entra built-in role that GDAP allows/);
    }
  });

  test('refuses what is not a string', () => {
    assert.equal(RoleTemplateId.safeParse(42).success, false);
    assert.equal(RoleTemplateId.safeParse(undefined).success, false);
  });
});

describe('least-privilege task templates', () => {
  test('reference only roles in the table, each at least once and never twice', () => {
    for (const template of gdapTaskTemplates) {
      assert.ok(template.roleTemplateIds.length > 0, template.id);
      assert.equal(new Set(template.roleTemplateIds).size, template.roleTemplateIds.length, template.id);
      for (const templateId of template.roleTemplateIds) {
        assert.ok(entraRoleById(templateId), `${template.id} references ${templateId}, which is not in the table`);
        assert.ok(RoleTemplateId.safeParse(templateId).success);
      }
    }
  });

  test('have unique ids and names in both languages', () => {
    assert.ok(gdapTaskTemplates.length >= 6 && gdapTaskTemplates.length <= 10);
    assert.equal(new Set(gdapTaskTemplates.map((template) => template.id)).size, gdapTaskTemplates.length);
    for (const template of gdapTaskTemplates) {
      assert.match(template.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(template.name.trim() && template.nameTr.trim(), template.id);
    }
  });

  test('ask for no more than the task needs: none of them includes Global Administrator', () => {
    for (const template of gdapTaskTemplates) assert.ok(!template.roleTemplateIds.includes(globalAdministratorRoleId), template.id);
  });

  test('map common tasks to the roles Partner Center names for them', () => {
    const names = (id: string) =>
      gdapTaskTemplates.find((template) => template.id === id)?.roleTemplateIds.map((templateId) => entraRoleById(templateId)?.name);
    assert.deepEqual(names('create-support-tickets'), ['Service Support Administrator']);
    assert.deepEqual(names('reset-passwords'), ['Password Administrator']);
    assert.deepEqual(names('manage-users'), ['User Administrator']);
  });
});

import { Hono, type Context } from 'hono';
import { workspaceMessages } from '../../../content/workspace/messages.js';
import { newCustomerMessages } from '../../../content/workspace/newCustomerMessages.js';
import { NewCustomerPage, newCustomerFields, type NewCustomerField } from '../../../content/workspace/newCustomerPage.js';
import { canManageRelationships } from '../../../domain/roles.js';
import { initialDomain } from '../../../domain/tenants.js';
import { customerAgreementVersion } from '../../../platform/config.js';
import { NewCustomerBody } from '../../bodies.js';
import { addCustomer } from '../../customerCommands.js';
import type { WorkspaceUser } from '../../identity/partnerSignIn.js';
import { ProblemError } from '../../problem.js';
import type { WorkspaceKit } from './kit.js';

/** Where a field of the API's body is on the form. */
const formFieldOf = (path: readonly PropertyKey[]): NewCustomerField => {
  const [first, second] = path;
  if (first === 'agreement') return second === 'email' ? 'signatoryEmail' : second === 'acceptAgreement' ? 'attest' : second === 'firstName' || second === 'lastName' || second === 'phone' ? second : 'attest';
  if (first === 'includeDelegatedAdminPrivileges') return 'delegatedAdmin';
  return (newCustomerFields as readonly PropertyKey[]).includes(first ?? '') ? (first as NewCustomerField) : 'companyName';
};

/**
 * Adding a brand-new customer (Partner Center's "Add customer") on the API's own command: the same rules, the same
 * workflow, the relationship at once and the agreement the partner user attests.
 */
export function workspaceNewCustomerRoutes(kit: WorkspaceKit) {
  const { deps, locale, page, asApiUser, userOr, formUserOr, forbidden } = kit;
  const app = new Hono();

  const partnerOf = (user: WorkspaceUser) => deps.database.collections.partners.findOne({ _id: user.partnerTenantId });
  const form = async (c: Context, user: WorkspaceUser, values: Partial<Record<NewCustomerField, string>>, errors?: Partial<Record<NewCustomerField, string>>, problem?: string, status: 200 | 400 | 409 = 200) => {
    const partner = await partnerOf(user);
    const cloud = partner?.cloud ?? 'public';
    return page(
      c,
      <NewCustomerPage
        locale={locale(c)}
        user={user}
        domainSuffix={initialDomain('', cloud)}
        delegatedAdminRequired={cloud === 'usgov'}
        agreementVersion={customerAgreementVersion(deps.config)}
        values={{ country: partner?.country, ...values }}
        errors={errors}
        problem={problem}
      />,
      status,
    );
  };

  app.get('/', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    if (!canManageRelationships(user.roles)) return forbidden(c, user, 'role');
    return form(c, user, {});
  });

  app.post('/', async (c) => {
    const posted = await c.req.parseBody();
    const user = await formUserOr(c, posted, canManageRelationships);
    if (user instanceof Response) return user;
    const m = newCustomerMessages[locale(c)].errors;
    const values = Object.fromEntries(newCustomerFields.map((name) => [name, typeof posted[name] === 'string' ? posted[name] : ''])) as Record<NewCustomerField, string>;
    const body = NewCustomerBody.safeParse({
      domainPrefix: values.domainPrefix,
      companyName: values.companyName,
      country: values.country,
      email: values.email,
      ...(values.preferredLanguage && { preferredLanguage: values.preferredLanguage }),
      includeDelegatedAdminPrivileges: values.delegatedAdmin === 'on',
      agreement: {
        firstName: values.firstName,
        lastName: values.lastName,
        email: values.signatoryEmail,
        ...(values.phone.trim() && { phone: values.phone }),
        acceptAgreement: values.attest === 'on',
      },
    });
    const messageOf = (field: NewCustomerField) => (field === 'delegatedAdmin' || field === 'preferredLanguage' ? m.country : m[field]);
    if (!body.success) {
      const errors: Partial<Record<NewCustomerField, string>> = {};
      for (const issue of body.error.issues) {
        const field = formFieldOf(issue.path);
        errors[field] ??= messageOf(field);
      }
      return form(c, user, values, errors, undefined, 400);
    }
    try {
      const added = await addCustomer(deps, asApiUser(user), body.data);
      return c.redirect(`/workspace/customers/${encodeURIComponent(added.tenantId)}?added=1`, 303);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      const { slug, code } = error.init as { slug: string; code?: string };
      if (slug === 'customer-exists') return form(c, user, values, { domainPrefix: m.domainTaken }, undefined, 409);
      if (slug === 'validation') return form(c, user, values, { country: m.countryOutsideCloud }, undefined, 400);
      if (slug === 'rule-violated' && code) {
        const rule = workspaceMessages[locale(c)].newRelationship.errors.rules[code] ?? error.init.detail ?? '';
        return form(c, user, values, { [code === 'delegated_admin_required' ? 'delegatedAdmin' : 'country']: rule }, undefined, 409);
      }
      if (error.init.status === 429) return form(c, user, values, {}, m.quota, 409);
      throw error;
    }
  });

  return app;
}

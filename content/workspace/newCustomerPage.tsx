import { countryCodes } from '../../domain/countries.js';
import { languageNames } from '../messages.js';
import { Locale } from '../locales.js';
import { Layout, type LayoutUser } from './layout.js';
import { workspaceMessages } from './messages.js';
import { newCustomerMessages } from './newCustomerMessages.js';

export const newCustomerFields = ['companyName', 'domainPrefix', 'country', 'email', 'preferredLanguage', 'delegatedAdmin', 'firstName', 'lastName', 'signatoryEmail', 'phone', 'attest'] as const;
export type NewCustomerField = (typeof newCustomerFields)[number];

export type NewCustomerView = {
  locale: Locale;
  user: LayoutUser;
  /** `.onmicrosoft.com`, or `.onmicrosoft.us` for a partner in Microsoft Cloud for US Government. */
  domainSuffix: string;
  delegatedAdminRequired: boolean;
  agreementVersion: string;
  values: Partial<Record<NewCustomerField, string>>;
  errors?: Partial<Record<NewCustomerField, string>> | undefined;
  problem?: string | undefined;
};

/** Countries by their name in the page's language, so that a user finds theirs in a list they can read. */
function countriesIn(locale: Locale): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  const collator = new Intl.Collator(locale);
  return [...countryCodes].map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => collator.compare(a.name, b.name));
}
const countryLists = Object.fromEntries(Locale.options.map((locale) => [locale, countriesIn(locale)])) as Record<Locale, { code: string; name: string }[]>;

/** Partner Center's "Add customer": the new tenant, its relationship at once, and the agreement the partner attests. */
export function NewCustomerPage(view: NewCustomerView) {
  const { locale, values } = view;
  const m = newCustomerMessages[locale];
  const errors = view.errors ?? {};
  const describedBy = (name: NewCustomerField, hint?: boolean) => [hint && `${name}-hint`, errors[name] && `${name}-error`].filter(Boolean).join(' ') || undefined;
  const invalid = (name: NewCustomerField) => (errors[name] ? 'true' : undefined);
  const fieldClass = (name: NewCustomerField) => (errors[name] ? 'field invalid' : 'field');
  const errorOf = (name: NewCustomerField) =>
    errors[name] && (
      <p id={`${name}-error`} class="error">
        {errors[name]}
      </p>
    );
  const text = (name: NewCustomerField, label: string, attributes: { type?: string; maxlength: number; required?: boolean; autocomplete?: string; hint?: string }) => (
    <div class={fieldClass(name)}>
      <label for={name}>{label}</label>
      {attributes.hint && (
        <p id={`${name}-hint`} class="hint">
          {attributes.hint}
        </p>
      )}
      {errorOf(name)}
      <input
        id={name}
        name={name}
        type={attributes.type ?? 'text'}
        value={values[name] ?? ''}
        maxlength={attributes.maxlength}
        required={attributes.required ?? true}
        autocomplete={attributes.autocomplete ?? 'off'}
        aria-describedby={describedBy(name, Boolean(attributes.hint))}
        aria-invalid={invalid(name)}
      />
    </div>
  );
  const delegatedAdmin = view.delegatedAdminRequired || values.delegatedAdmin === 'on' || values.delegatedAdmin === undefined;
  return (
    <Layout locale={locale} title={m.title} path="/workspace/customers/new" user={view.user} current="customers">
      <h1>{m.title}</h1>
      <p>{m.lead}</p>
      {view.problem && (
        <p class="notice problem" role="alert">
          {view.problem}
        </p>
      )}
      <form method="post" action="/workspace/customers/new" novalidate>
        <input type="hidden" name="csrf" value={view.user.csrfToken} />
        {text('companyName', m.company, { maxlength: 200, autocomplete: 'organization' })}
        {text('domainPrefix', m.domainPrefix, { maxlength: 63, hint: m.domainHint(view.domainSuffix) })}
        <div class={fieldClass('country')}>
          <label for="country">{m.country}</label>
          {errorOf('country')}
          <select id="country" name="country" required aria-describedby={describedBy('country')} aria-invalid={invalid('country')}>
            {countryLists[locale].map((country) => (
              <option value={country.code} selected={country.code === values.country}>
                {country.name}
              </option>
            ))}
          </select>
        </div>
        {text('email', m.email, { type: 'email', maxlength: 254, hint: m.emailHint })}
        <div class="field">
          <label for="preferredLanguage">{m.language}</label>
          <select id="preferredLanguage" name="preferredLanguage">
            {Locale.options.map((code) => (
              <option value={code} selected={code === (values.preferredLanguage ?? locale)}>
                {languageNames[code]}
              </option>
            ))}
          </select>
        </div>
        <div class={errors.delegatedAdmin ? 'field check invalid' : 'field check'}>
          {errorOf('delegatedAdmin')}
          <p>
            {/* A disabled checkbox would not be sent: the rule is kept by a hidden field, and said beside the box. */}
            {view.delegatedAdminRequired && <input type="hidden" name="delegatedAdmin" value="on" />}
            <input id="delegatedAdmin" name="delegatedAdmin" type="checkbox" checked={delegatedAdmin} disabled={view.delegatedAdminRequired} aria-describedby={describedBy('delegatedAdmin', view.delegatedAdminRequired)} />{' '}
            <label for="delegatedAdmin">{m.delegatedAdmin}</label>
          </p>
          {view.delegatedAdminRequired && (
            <p id="delegatedAdmin-hint" class="hint">
              {m.delegatedAdminRequired}
            </p>
          )}
        </div>
        <fieldset class="field">
          <legend>{m.agreement}</legend>
          <p class="hint">{m.agreementLead(view.agreementVersion)}</p>
          {text('firstName', m.firstName, { maxlength: 100 })}
          {text('lastName', m.lastName, { maxlength: 100 })}
          {text('signatoryEmail', m.signatoryEmail, { type: 'email', maxlength: 254 })}
          {text('phone', m.phone, { type: 'tel', maxlength: 30, required: false })}
          <div class={errors.attest ? 'check invalid' : 'check'}>
            {errorOf('attest')}
            <p>
              <input id="attest" name="attest" type="checkbox" required aria-describedby={describedBy('attest')} aria-invalid={invalid('attest')} />{' '}
              <label for="attest">{m.attest}</label>
            </p>
          </div>
        </fieldset>
        <p class="actions">
          <button type="submit" class="primary">
            {m.send}
          </button>
          <a href="/workspace/customers">{workspaceMessages[locale].customer.back}</a>
        </p>
      </form>
    </Layout>
  );
}

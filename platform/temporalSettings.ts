import { readFileSync } from 'node:fs';
import { platform } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  loadClientConfigProfile,
  toClientOptions,
  type ClientConfigProfile,
  type ConfigDataSource,
} from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError } from './configError.js';

/**
 * Where and how to reach Temporal, resolved the way the Temporal SDK and CLI resolve it: a profile of the TOML config
 * file (`TEMPORAL_CONFIG_FILE`, else `temporalio/temporal.toml` in the user's config folder; `TEMPORAL_PROFILE`, else
 * "default"), overridden by the `TEMPORAL_*` variables.
 */
export type TemporalSettings = {
  connectionOptions: Pick<NativeConnectionOptions, 'apiKey' | 'tls' | 'metadata'> & { address: string };
  namespace: string;
};

/** When neither a profile nor a variable names them (the SDK would try localhost; the dev server is on 127.0.0.1). */
export const temporalDefaults = { address: '127.0.0.1:7233', namespace: 'default' } as const;

/** The variables the SDK reads, besides `TEMPORAL_GRPC_META_<header>` (gRPC headers sent with every call). */
export const temporalVariables = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS',
  'TEMPORAL_TLS_CLIENT_CERT_PATH',
  'TEMPORAL_TLS_CLIENT_CERT_DATA',
  'TEMPORAL_TLS_CLIENT_KEY_PATH',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
  'TEMPORAL_TLS_SERVER_CA_CERT_PATH',
  'TEMPORAL_TLS_SERVER_CA_CERT_DATA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_PROFILE',
  'TEMPORAL_CONFIG_FILE',
] as const;

/** Names that look like Temporal settings but that the SDK does not read: a client certificate would be left out. */
const misnamedVariables: Record<string, string> = {
  TEMPORAL_TLS_CERT_PATH: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
  TEMPORAL_TLS_KEY_PATH: 'TEMPORAL_TLS_CLIENT_KEY_PATH',
};

const tlsFiles = [
  { field: 'clientCert', variable: 'TEMPORAL_TLS_CLIENT_CERT_PATH', tomlKey: 'tls.client_cert_path' },
  { field: 'clientKey', variable: 'TEMPORAL_TLS_CLIENT_KEY_PATH', tomlKey: 'tls.client_key_path' },
  { field: 'serverCACert', variable: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', tomlKey: 'tls.server_ca_cert_path' },
] as const;

type Variables = Record<string, string>;

/**
 * Resolves the connection settings, or throws a ConfigError with one line per problem. Reads the config file and the
 * TLS files; never puts a setting's value in a message, except file paths and profile names.
 */
export function loadTemporalSettings(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const variables = variablesWithValues(env);
  const problems = [...misnamedVariableProblems(variables), ...tlsSwitchProblems(variables)];
  const configFile = describeConfigFile(variables);
  const profile = readProfile(variables, configFile, problems);
  if (profile) problems.push(...tlsFileProblems(profile, variables, configFile));
  if (!profile || problems.length > 0) throw new ConfigError(problems);

  const { connectionOptions, namespace } = toClientOptions(profile);
  return {
    connectionOptions: { ...connectionOptions, address: connectionOptions.address ?? temporalDefaults.address },
    namespace: namespace ?? temporalDefaults.namespace,
  };
}

/**
 * An empty variable counts as unset, as for our other settings (compose passes `${VAR:-}` through); an empty gRPC
 * header keeps its meaning for the SDK: it removes the header.
 */
function variablesWithValues(env: NodeJS.ProcessEnv): Variables {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && (entry[1] !== '' || entry[0].startsWith('TEMPORAL_GRPC_META_')),
    ),
  );
}

function misnamedVariableProblems(variables: Variables): string[] {
  return Object.entries(misnamedVariables)
    .filter(([name]) => name in variables)
    .map(([name, sdkName]) => `${name}: not a Temporal setting; the SDK reads ${sdkName}`);
}

/** The SDK reads anything but "true" or "1" as false, so "TRUE" or "yes" would turn TLS off. */
function tlsSwitchProblems(variables: Variables): string[] {
  const value = variables.TEMPORAL_TLS;
  return value === undefined || ['true', 'false', '1', '0'].includes(value) ? [] : ['TEMPORAL_TLS: must be true, false, 1 or 0'];
}

function readProfile(variables: Variables, configFile: ConfigFileDescription, problems: string[]): ClientConfigProfile | undefined {
  if (variables.TEMPORAL_CONFIG_FILE) {
    // The SDK skips a config file that does not exist; a file named on purpose and missing is a mistake.
    const unreadable = unreadableFile(variables.TEMPORAL_CONFIG_FILE);
    if (unreadable) {
      problems.push(`TEMPORAL_CONFIG_FILE: cannot read this file (${unreadable})`);
      return undefined;
    }
  }
  try {
    return loadClientConfigProfile({ overrideEnvVars: variables });
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const problem = profileProblem(error, variables, configFile);
    if (problem) {
      problems.push(problem);
      return undefined;
    }
    // The SDK throws a TypeError on a file without any [profile.*] table (an empty one, say); the Temporal CLI reads
    // such a file as having no profiles, so only the variables count.
    return loadClientConfigProfile({ overrideEnvVars: variables, disableFile: true });
  }
}

/** The problem for an error of the SDK's loader, or undefined for a config file without profiles. */
function profileProblem(error: Error, variables: Variables, configFile: ConfigFileDescription): string | undefined {
  const profileName = variables.TEMPORAL_PROFILE;
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return `${configFile.label}: cannot read this file (${code})`;
  if ('line' in error && 'column' in error) {
    // The TOML parser's message quotes the file's lines, which may hold an API key: give the position only.
    return `${configFile.label}: not valid TOML (line ${String(error.line)}, column ${String(error.column)})`;
  }
  if (/^Profile '.*' not found/.test(error.message) || (error instanceof TypeError && profileName)) {
    return `TEMPORAL_PROFILE: no profile "${profileName}" in ${configFile.path ?? 'the Temporal config file'}`;
  }
  const both = /Cannot specify both (\w+)_path and \1_data/.exec(error.message);
  if (both) {
    const variable = `TEMPORAL_TLS_${both[1]!.toUpperCase()}`;
    const key = `the profile's tls.${both[1]}_path and _data`;
    return `${variable}_PATH, ${variable}_DATA: a path and data are both given (by these variables or ${key}); give one`;
  }
  if (error instanceof TypeError) return undefined;
  return `${configFile.label}: ${error.message.split('\n')[0]}`;
}

function tlsFileProblems(profile: ClientConfigProfile, variables: Variables, configFile: ConfigFileDescription): string[] {
  const tls = profile.tls;
  if (!tls) return [];
  const profileName = variables.TEMPORAL_PROFILE ?? 'default';
  const problems = tlsFiles.flatMap((file) => {
    const source: ConfigDataSource | undefined = tls[file.field];
    const unreadable = source && 'path' in source ? unreadableFile(source.path) : undefined;
    if (!unreadable) return [];
    // A variable overrides the profile's key, so a path named by both comes from the variable.
    const where = variables[file.variable] ? file.variable : `${configFile.label}: profile "${profileName}", ${file.tomlKey}`;
    return [`${where}: cannot read this file (${unreadable})`];
  });
  // The SDK leaves out a certificate without its key (or a key without its certificate) without a word.
  if (Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
    const [given, missing] = tls.clientCert ? [tlsFiles[0], tlsFiles[1]] : [tlsFiles[1], tlsFiles[0]];
    problems.push(
      `${missing.variable}: ${given.field === 'clientCert' ? 'a client certificate has no key' : 'a client key has no certificate'}; ` +
        `set this variable, ${missing.variable.replace(/_PATH$/, '_DATA')} or the profile's ${missing.tomlKey}`,
    );
  }
  return problems;
}

/** The error code when a file cannot be read (ENOENT, EACCES, EISDIR…), undefined when it can. */
function unreadableFile(path: string): string | undefined {
  try {
    readFileSync(path);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unreadable';
  }
}

type ConfigFileDescription = { label: string; path: string | undefined };

/** Which config file the SDK reads, for messages: the variable, or the default location it falls back to. */
function describeConfigFile(variables: Variables): ConfigFileDescription {
  if (variables.TEMPORAL_CONFIG_FILE) return { label: 'TEMPORAL_CONFIG_FILE', path: variables.TEMPORAL_CONFIG_FILE };
  const path = defaultConfigFilePath(variables);
  return { label: path ? `TEMPORAL_CONFIG_FILE (default ${path})` : 'TEMPORAL_CONFIG_FILE', path };
}

/** The location the SDK and the Temporal CLI look in when TEMPORAL_CONFIG_FILE is unset. */
function defaultConfigFilePath(variables: Variables): string | undefined {
  const configDir = (() => {
    switch (platform()) {
      case 'win32':
        return variables.APPDATA;
      case 'darwin':
        return variables.HOME && join(variables.HOME, 'Library', 'Application Support');
      default: {
        const xdg = variables.XDG_CONFIG_HOME;
        if (xdg) return isAbsolute(xdg) ? xdg : undefined;
        return variables.HOME && join(variables.HOME, '.config');
      }
    }
  })();
  return configDir && join(configDir, 'temporalio', 'temporal.toml');
}

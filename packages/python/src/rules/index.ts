import envVarDeclared from './env-var-declared.js';
import noClientInHandler from './no-client-in-handler.js';
import noHardcodedConfig from './no-hardcoded-config.js';
import noHardcodedCredentials from './no-hardcoded-credentials.js';

/** The Python rules: the same ids (and docs pages) as the ESLint plugin's rules, `tool: 'python'`. */
export const pythonRules = [
  envVarDeclared,
  noClientInHandler,
  noHardcodedConfig,
  noHardcodedCredentials,
] as const;

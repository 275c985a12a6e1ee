import envVarDeclared from './env-var-declared.js';
import noAwsSdkV2 from './no-aws-sdk-v2.js';
import noCallbackHandler from './no-callback-handler.js';
import noClientInHandler from './no-client-in-handler.js';
import noFloatingSdkCall from './no-floating-sdk-call.js';
import noHardcodedConfig from './no-hardcoded-config.js';
import noHardcodedCredentials from './no-hardcoded-credentials.js';

/**
 * Every rule of the plugin, keyed by rule name (without the `lambda-lint/` prefix).
 * Keep this a plain object literal in alphabetical order (the configs list rules in this order): adding a
 * rule = one import + one entry.
 */
export const rules = {
  'env-var-declared': envVarDeclared,
  'no-aws-sdk-v2': noAwsSdkV2,
  'no-callback-handler': noCallbackHandler,
  'no-client-in-handler': noClientInHandler,
  'no-floating-sdk-call': noFloatingSdkCall,
  'no-hardcoded-config': noHardcodedConfig,
  'no-hardcoded-credentials': noHardcodedCredentials,
};

export type RuleName = keyof typeof rules;

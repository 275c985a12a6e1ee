import noClientInHandler from './no-client-in-handler.js';
import noFloatingSdkCall from './no-floating-sdk-call.js';
import noAwsSdkV2 from './no-aws-sdk-v2.js';
import noHardcodedCredentials from './no-hardcoded-credentials.js';
import noHardcodedConfig from './no-hardcoded-config.js';
import noCallbackHandler from './no-callback-handler.js';

/**
 * Every rule of the plugin, keyed by rule name (without the `lambda-lint/` prefix).
 * Keep this a plain object literal: adding a rule = one import + one entry.
 */
export const rules = {
  'no-client-in-handler': noClientInHandler,
  'no-floating-sdk-call': noFloatingSdkCall,
  'no-aws-sdk-v2': noAwsSdkV2,
  'no-hardcoded-credentials': noHardcodedCredentials,
  'no-hardcoded-config': noHardcodedConfig,
  'no-callback-handler': noCallbackHandler,
};

export type RuleName = keyof typeof rules;

// The AWS value recognisers are shared with the Python analyzer: one copy, in core.
export * from '@lambda-lint/core/aws-patterns';

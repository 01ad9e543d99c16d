/**
 * How much of a workspace the language server reads for checks across files: at most this many
 * profiles, each at most this big. One constant for the node server (which reads the disk) and
 * the web client (which reads through VS Code's file system API for a server in a web worker).
 */
export const PROFILE_FILE_LIMITS = { maxFiles: 2000, maxFileBytes: 5 * 1024 * 1024 } as const;

/** Encryption at rest of stored credentials, and the embedded start's generated APP_SECRET. */
export { AppSecretUnavailable, ensureAppSecret } from "./app-secret.js"
export { type AppSecretCheck, AppSecretMismatch, verifyAppSecret } from "./key-check.js"
export { Ciphertext, makeSecrets, Secrets, type SecretsOptions, SecretUndecryptable } from "./secrets.js"

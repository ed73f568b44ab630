//! The `Sealer` port with AWS KMS: a seal is `Encrypt` of an event's hash under the seal key with
//! the caller's own credentials and the encryption context `domain::ledger::seal_context`;
//! verifying is `Decrypt` naming the seal key, with the context rebuilt from the event.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;

use async_trait::async_trait;
use aws_sdk_kms::error::ProvideErrorMetadata;
use aws_sdk_kms::primitives::Blob;
use sha2::{Digest, Sha256};

use super::service_error;
use crate::workflow::ports::{Sealer, ServiceResult};

pub struct KmsSealer {
    client: aws_sdk_kms::Client,
    /// The seal key's ARN (or id).
    key: String,
    ledger: String,
    /// Seals already found genuine in this process: an event never changes once written, so a
    /// long-running executor asks KMS about each seal once.
    verified: Mutex<HashSet<[u8; 32]>>,
}

impl KmsSealer {
    pub fn new(client: aws_sdk_kms::Client, key: String, ledger: String) -> KmsSealer {
        KmsSealer {
            client,
            key,
            ledger,
            verified: Mutex::new(HashSet::new()),
        }
    }
}

fn digest(context: &BTreeMap<String, String>, hash: &str, blob: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    for (k, v) in context {
        h.update(k.len().to_be_bytes());
        h.update(k.as_bytes());
        h.update(v.len().to_be_bytes());
        h.update(v.as_bytes());
    }
    h.update(hash.as_bytes());
    h.update([0]);
    h.update(blob.as_bytes());
    h.finalize().into()
}

fn as_map(context: &BTreeMap<String, String>) -> HashMap<String, String> {
    context
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[async_trait]
impl Sealer for KmsSealer {
    fn ledger(&self) -> Option<&str> {
        Some(&self.ledger)
    }

    async fn seal(&self, context: &BTreeMap<String, String>, hash: &str) -> ServiceResult<String> {
        let out = self
            .client
            .encrypt()
            .key_id(&self.key)
            .plaintext(Blob::new(hash.as_bytes()))
            .set_encryption_context(Some(as_map(context)))
            .send()
            .await
            .map_err(|e| service_error("kms", "Encrypt", e))?;
        let blob = out
            .ciphertext_blob()
            .map(|b| b.as_ref())
            .unwrap_or_default();
        Ok(aws_smithy_types::base64::encode(blob))
    }

    async fn verify(
        &self,
        context: &BTreeMap<String, String>,
        hash: &str,
        blob: &str,
    ) -> ServiceResult<bool> {
        let key = digest(context, hash, blob);
        if self
            .verified
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&key)
        {
            return Ok(true);
        }
        // KMS ciphertexts are 1 to 6,144 bytes: anything else is not a seal (and would only
        // make KMS answer a validation error).
        let Ok(bytes) = aws_smithy_types::base64::decode(blob) else {
            return Ok(false);
        };
        if bytes.is_empty() || bytes.len() > 6144 {
            return Ok(false);
        }
        // Naming the key: a ciphertext made under any other key (one the writer controls) is
        // refused rather than decrypted.
        let result = self
            .client
            .decrypt()
            .key_id(&self.key)
            .ciphertext_blob(Blob::new(bytes))
            .set_encryption_context(Some(as_map(context)))
            .send()
            .await;
        let genuine = match result {
            Ok(out) => out
                .plaintext()
                .is_some_and(|p| p.as_ref() == hash.as_bytes()),
            Err(e) => {
                let code = e.code().unwrap_or_default();
                let message = e.message().unwrap_or_default();
                // Not a seal of this event under this key: forged, moved, or made with another
                // key (KMS says IncorrectKey; the emulator, access denied for that key).
                let not_ours = matches!(
                    code,
                    "InvalidCiphertextException" | "IncorrectKeyException" | "ValidationException"
                ) || (code == "AccessDeniedException"
                    && message.contains("ciphertext refers to a customer master key"));
                if not_ours {
                    false
                } else {
                    return Err(service_error("kms", "Decrypt", e));
                }
            }
        };
        if genuine {
            self.verified
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key);
        }
        Ok(genuine)
    }
}

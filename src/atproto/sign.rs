//! Signing a repository commit: the user's atproto signing key (secp256k1 or NIST
//! P-256), given as a multibase private key with its multicodec prefix (`z…`: what
//! `goat key generate` prints). The commit's DAG-CBOR (without `sig`) is hashed with
//! SHA-256 and signed with ECDSA; the signature is the 64-byte `r ‖ s` with `s` in
//! its low half, as atproto requires.

use k256::ecdsa::signature::Signer;

/// A parsed signing key.
pub(crate) enum Key {
    /// secp256k1 (`K-256`).
    K256(k256::ecdsa::SigningKey),
    /// NIST P-256.
    P256(p256::ecdsa::SigningKey),
}

/// Multicodec varints of private keys: secp256k1-priv (0x1301), p256-priv (0x1306).
const K256_PRIV: [u8; 2] = [0x81, 0x26];
const P256_PRIV: [u8; 2] = [0x86, 0x26];
/// Multicodec varints of public keys: secp256k1-pub (0xe7), p256-pub (0x1200).
const K256_PUB: [u8; 2] = [0xe7, 0x01];
const P256_PUB: [u8; 2] = [0x80, 0x24];

impl Key {
    /// Parse a multibase (`z`, base58btc) private key with its multicodec prefix.
    pub(crate) fn parse(s: &str) -> Result<Key, String> {
        let s = s.trim();
        let body = s.strip_prefix('z').ok_or_else(|| {
            "--signing-key: not a multibase base58btc key (it starts with 'z'; `goat key generate` prints one)".to_string()
        })?;
        let bytes = bs58::decode(body)
            .into_vec()
            .map_err(|e| format!("--signing-key: not base58btc: {e}"))?;
        let (codec, key) = bytes
            .split_at_checked(2)
            .ok_or("--signing-key: too short")?;
        if key.len() != 32 {
            return Err(format!(
                "--signing-key: a private key has 32 bytes, this one {}",
                key.len()
            ));
        }
        match <[u8; 2]>::try_from(codec) {
            Ok(K256_PRIV) => k256::ecdsa::SigningKey::from_slice(key)
                .map(Key::K256)
                .map_err(|_| "--signing-key: not a valid secp256k1 private key".to_string()),
            Ok(P256_PRIV) => p256::ecdsa::SigningKey::from_slice(key)
                .map(Key::P256)
                .map_err(|_| "--signing-key: not a valid P-256 private key".to_string()),
            _ => Err(
                "--signing-key: not a secp256k1 or P-256 private key (multicodec 0x1301 or 0x1306)"
                    .to_string(),
            ),
        }
    }

    /// The curve's name as atproto writes it.
    pub(crate) fn curve(&self) -> &'static str {
        match self {
            Key::K256(_) => "secp256k1",
            Key::P256(_) => "P-256",
        }
    }

    /// The public key as a `did:key` (compressed point, multicodec, base58btc).
    pub(crate) fn did_key(&self) -> String {
        let mut b = Vec::with_capacity(35);
        match self {
            Key::K256(k) => {
                b.extend_from_slice(&K256_PUB);
                b.extend_from_slice(&k.verifying_key().to_encoded_point(true).to_bytes());
            }
            Key::P256(k) => {
                b.extend_from_slice(&P256_PUB);
                b.extend_from_slice(&k.verifying_key().to_encoded_point(true).to_bytes());
            }
        }
        format!("did:key:z{}", bs58::encode(b).into_string())
    }

    /// Sign `data` (its SHA-256): 64 bytes `r ‖ s`, low-S.
    pub(crate) fn sign(&self, data: &[u8]) -> Vec<u8> {
        match self {
            Key::K256(k) => {
                let sig: k256::ecdsa::Signature = k.sign(data);
                let sig = sig.normalize_s().unwrap_or(sig);
                sig.to_bytes().to_vec()
            }
            Key::P256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(data);
                let sig = sig.normalize_s().unwrap_or(sig);
                sig.to_bytes().to_vec()
            }
        }
    }
}

/// A multibase private key from 32 bytes (for tests and `--signing-key` examples).
#[cfg(test)]
pub(crate) fn multibase(p256: bool, secret: &[u8; 32]) -> String {
    let mut b = if p256 { P256_PRIV } else { K256_PRIV }.to_vec();
    b.extend_from_slice(secret);
    format!("z{}", bs58::encode(b).into_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use k256::ecdsa::signature::Verifier;

    #[test]
    fn both_curves_sign_low_s_and_verify() {
        for p in [false, true] {
            let key = Key::parse(&multibase(p, &[7u8; 32])).unwrap();
            assert_eq!(key.curve(), if p { "P-256" } else { "secp256k1" });
            assert!(key
                .did_key()
                .starts_with(if p { "did:key:zDn" } else { "did:key:zQ3s" }));
            for msg in [&b"commit"[..], b"another", b""] {
                let sig = key.sign(msg);
                assert_eq!(sig.len(), 64);
                match &key {
                    Key::K256(k) => {
                        let s = k256::ecdsa::Signature::from_slice(&sig).unwrap();
                        assert!(s.normalize_s().is_none(), "high S");
                        k.verifying_key().verify(msg, &s).unwrap();
                    }
                    Key::P256(k) => {
                        let s = p256::ecdsa::Signature::from_slice(&sig).unwrap();
                        assert!(s.normalize_s().is_none(), "high S");
                        k.verifying_key().verify(msg, &s).unwrap();
                    }
                }
            }
        }
        assert!(Key::parse("abc").is_err());
        assert!(Key::parse("z111").is_err());
        assert!(Key::parse(&format!("z{}", bs58::encode([0xe7, 1, 2]).into_string())).is_err());
    }
}

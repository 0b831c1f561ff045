// The few cryptographic primitives the service needs, all from libsodium:
// never our own hash or password scheme.
#pragma once

#include <string>

namespace pc::licensing {

void InitCrypto();  // sodium_init; safe to call more than once
std::string Sha256Hex(const std::string& bytes);  // crypto_hash_sha256
// Argon2id via crypto_pwhash_str at libsodium's "interactive" cost.
std::string HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);
std::string RandomToken();  // 32 random bytes, hex

}  // namespace pc::licensing

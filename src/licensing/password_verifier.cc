#include "licensing/password_verifier.h"

#include <stdexcept>

#include "licensing/crypto.h"
#include "common/error.h"

namespace pc::licensing {
namespace {

int AtLeastOne(int n) {
  if (n < 1) throw std::invalid_argument("at least one concurrent password check is needed");
  return n;
}

}  // namespace

PasswordVerifier::PasswordVerifier(int max_concurrent)
    : slots_(AtLeastOne(max_concurrent)), dummy_hash_((InitCrypto(), HashPassword(RandomToken()))) {}

PasswordVerifier::Permit::~Permit() {
  if (!owner_) return;
  owner_->running_--;
  owner_->slots_.release();
}

PasswordVerifier::Permit PasswordVerifier::TryAcquire() {
  if (!slots_.try_acquire()) return Permit(nullptr);
  int now_running = ++running_;
  for (int seen = peak_; now_running > seen && !peak_.compare_exchange_weak(seen, now_running);) {
  }
  return Permit(this);
}

bool PasswordVerifier::Verify(const std::string* hash, const std::string& password) {
  Permit permit = TryAcquire();
  if (!permit.held())
    throw Error(ErrorKind::kUnavailable, "", "too many sign-ins at once; retry in a second").WithRetryAfter(1);
  ++checks_;
  bool ok = VerifyPassword(hash ? *hash : dummy_hash_, password);
  return ok && hash;
}

}  // namespace pc::licensing

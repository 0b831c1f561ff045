// Password checks for sign-in, bounded and of one cost.
//
// An Argon2id check at libsodium's interactive cost takes 64 MiB for its
// duration; unbounded, 64 parallel wrong passwords took 4 GiB without any
// sign-in. At most `max_concurrent` checks run at once (a counting
// semaphore); a sign-in beyond them is refused at once with 503 and
// Retry-After rather than queued, so memory stays bounded and waiting
// requests do not pile up on the server's threads.
//
// A sign-in for a user name that does not exist is checked against a dummy
// hash made at start-up with the same parameters, so it costs the same as
// a wrong password for a real user: neither the answer nor its time tells
// whether a user exists (OWASP ASVS 2.2.x, user enumeration).
#pragma once

#include <atomic>
#include <cstdint>
#include <semaphore>
#include <string>

namespace pc::licensing {

class PasswordVerifier {
 public:
  explicit PasswordVerifier(int max_concurrent);

  // One permit to run a check; released when destroyed.
  class Permit {
   public:
    Permit(Permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    ~Permit();
    bool held() const { return owner_ != nullptr; }

   private:
    friend class PasswordVerifier;
    explicit Permit(PasswordVerifier* owner) : owner_(owner) {}
    PasswordVerifier* owner_;
  };
  // A permit if fewer than max_concurrent checks are running, else one
  // that is not held.
  Permit TryAcquire();

  // Whether `password` matches `hash`; with no hash (unknown user), checks
  // against the dummy hash and returns false. Throws Error(kUnavailable)
  // with Retry-After when max_concurrent checks are already running.
  bool Verify(const std::string* hash, const std::string& password);

  std::uint64_t checks() const { return checks_; }  // Argon2id verifications run so far
  int peak() const { return peak_; }                // the most that ever ran at once

 private:
  std::counting_semaphore<> slots_;
  std::string dummy_hash_;
  std::atomic<std::uint64_t> checks_{0};
  std::atomic<int> running_{0}, peak_{0};
};

}  // namespace pc::licensing

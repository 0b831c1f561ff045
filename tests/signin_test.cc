// Sign-in hardening over HTTP on a real database: throttling with back-off
// per user name and per client address, audited failures, one Argon2id
// check for known and unknown users alike, a bound on concurrent checks,
// the password rule, idle and absolute session limits (the session cache
// included), and the purge of expired sessions, replays and counters.
#include <thread>

#include "api_fixture.h"
#include "http/guarded_server.h"
#include "licensing/crypto.h"
#include "common/error.h"

namespace pc::testing {
namespace {

using pc::ErrorKind;

licensing::Organisation ChineseExporter(const std::string& name) {
  licensing::Organisation org;
  org.name = name;
  org.kind = licensing::OrgKind::kExporter;
  org.country = "CN";
  return org;
}

class SignIn : public ApiTest {
 protected:
  // The limits of a real deployment: 12 hours, 30 minutes without use.
  licensing::ServiceConfig Config() override { return licensing::ServiceConfig{}; }

  void SetUp() override {
    ApiTest::SetUp();
    auto org = service_->CreateOrganisation(ChineseExporter("Acme Exports"), now_, "test");
    service_->CreateUser("alice", kUserPassword, org, now_, "test");
  }
  Reply TryLogin(const std::string& user, const std::string& password) {
    return Post("/api/v1/login", "", {{"username", user}, {"password", password}});
  }
  std::vector<licensing::AuditRecord> Audited(const std::string& action) {
    std::vector<licensing::AuditRecord> out;
    store_->Read([&](licensing::Transaction& tx) {
      for (const auto& r : tx.ListAudit(0, 100000))
        if (r.action == action) out.push_back(r);
    });
    return out;
  }
  bool HasSession(const std::string& token) {
    bool found = false;
    store_->Read([&](licensing::Transaction& tx) { found = tx.GetSession(licensing::Sha256Hex(token)).has_value(); });
    return found;
  }
};

TEST_F(SignIn, SixtyWrongPasswordsThenTheRightOneIsThrottledAndEveryCheckedFailureAudited) {
  std::vector<int> statuses;
  for (int i = 0; i < 60; ++i) statuses.push_back(TryLogin("alice", "wrong-guess-" + std::to_string(i)).status);
  // Five free failures, the sixth starts the back-off, the rest are refused
  // without a password check.
  for (int i = 0; i < 6; ++i) EXPECT_EQ(statuses[i], 401) << "attempt " << i + 1;
  for (int i = 6; i < 60; ++i) EXPECT_EQ(statuses[i], 429) << "attempt " << i + 1;
  auto right = TryLogin("alice", kUserPassword);
  EXPECT_EQ(right.status, 429) << right.raw;
  ASSERT_TRUE(right.headers.count("Retry-After"));
  int wait = std::stoi(right.headers.find("Retry-After")->second);
  EXPECT_GE(wait, 1);
  EXPECT_EQ(right.body["error"]["field"], "password");

  auto failed = Audited("session.login_failed");
  ASSERT_EQ(failed.size(), 6u);
  for (const auto& r : failed) {
    EXPECT_EQ(r.details.json()["username"], "alice");
    EXPECT_EQ(r.details.json()["address"], "127.0.0.1");
    EXPECT_EQ(r.details.json()["known_user"], true);
    EXPECT_EQ(r.details.json().dump().find("wrong-guess"), std::string::npos) << "a password reached the audit log";
  }
  EXPECT_EQ(failed.back().details.json()["failures_for_username"], 6);

  // Once the wait is over the right password works, and clears the count.
  now_ += wait;
  EXPECT_EQ(TryLogin("alice", kUserPassword).status, 200);
  EXPECT_EQ(TryLogin("alice", "wrong-again").status, 401);
  EXPECT_EQ(Audited("session.login").back().details.json()["address"], "127.0.0.1");
}

TEST_F(SignIn, BackOffDoublesAndIsCapped) {
  for (int i = 0; i < 6; ++i) TryLogin("alice", "wrong");
  std::vector<int> waits;
  for (int i = 0; i < 14; ++i) {
    auto r = TryLogin("alice", "wrong");
    ASSERT_EQ(r.status, 429);
    int wait = std::stoi(r.headers.find("Retry-After")->second);
    waits.push_back(wait);
    now_ += wait;
    EXPECT_EQ(TryLogin("alice", "wrong").status, 401);  // checked, and the wait doubles
  }
  EXPECT_EQ(waits[0], 1);
  EXPECT_EQ(waits[1], 2);
  EXPECT_EQ(waits[5], 32);
  EXPECT_EQ(waits.back(), 15 * 60);
}

TEST_F(SignIn, ThrottleOutlivesARestart) {
  for (int i = 0; i < 6; ++i) TryLogin("alice", "wrong");
  Stop();
  Start();
  EXPECT_EQ(TryLogin("alice", kUserPassword).status, 429);
}

TEST_F(SignIn, OneAddressSprayingManyUserNamesIsThrottled) {
  // 20 free failures per address, each for another (unknown) name.
  for (int i = 0; i < 21; ++i) EXPECT_EQ(TryLogin("nobody" + std::to_string(i), "wrong").status, 401);
  auto r = TryLogin("alice", kUserPassword);
  EXPECT_EQ(r.status, 429);
  EXPECT_TRUE(r.headers.count("Retry-After"));
  auto failed = Audited("session.login_failed");
  ASSERT_EQ(failed.size(), 21u);
  EXPECT_EQ(failed[0].details.json()["known_user"], false);
  EXPECT_EQ(failed.back().details.json()["failures_from_address"], 21);
}

TEST_F(SignIn, AnUnknownUserCostsAnArgon2CheckLikeAKnownOne) {
  auto& verifier = service_->password_verifier();
  auto before = verifier.checks();
  auto unknown = TryLogin("mallory", "some-password");
  EXPECT_EQ(verifier.checks(), before + 1);
  auto known = TryLogin("alice", "some-password");
  EXPECT_EQ(verifier.checks(), before + 2);
  // One answer for both.
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.raw, known.raw);
}

TEST_F(SignIn, PasswordChecksBeyondTheBoundAnswer503) {
  // Every permit taken, as by that many sign-ins in progress.
  std::vector<licensing::PasswordVerifier::Permit> held;
  for (int i = 0; i < service_->config().max_password_checks; ++i) {
    held.push_back(service_->password_verifier().TryAcquire());
    ASSERT_TRUE(held.back().held());
  }
  EXPECT_FALSE(service_->password_verifier().TryAcquire().held());
  auto busy = TryLogin("alice", kUserPassword);
  EXPECT_EQ(busy.status, 503) << busy.raw;
  EXPECT_EQ(busy.headers.find("Retry-After")->second, "1");
  EXPECT_TRUE(Audited("session.login_failed").empty());  // nothing was checked, nothing counted
  held.clear();
  EXPECT_EQ(TryLogin("alice", kUserPassword).status, 200);
}

class SignInBound : public SignIn {
 protected:
  // The server `serve` runs, with a thread for each of the test's 16
  // clients, so that none waits behind another's connection. Plain
  // cpp-httplib listens with a backlog of 5: sixteen connections opened at
  // once overflow it, and the kernel may drop one after the client has
  // sent its request (seen as a read error). The test is about the bound
  // on password checks, not about the transport.
  std::unique_ptr<httplib::Server> NewServer() override {
    http::Limits limits;
    limits.threads = 32;
    return std::make_unique<http::GuardedServer>(limits);
  }
  licensing::ServiceConfig Config() override {
    licensing::ServiceConfig c;
    c.max_password_checks = 2;
    c.user_throttle.free_failures = 1000;  // this test is about the bound, not the back-off
    c.address_throttle.free_failures = 1000;
    return c;
  }
};

TEST_F(SignInBound, ParallelSignInsNeverRunMoreChecksThanTheBound) {
  std::vector<std::thread> threads;
  std::vector<int> statuses(16);
  std::vector<std::string> failures(16);
  for (int i = 0; i < 16; ++i)
    threads.emplace_back([&, i] {
      httplib::Client c("127.0.0.1", port_);
      c.set_read_timeout(60, 0);
      auto r = c.Post("/api/v1/login", Json{{"username", "alice"}, {"password", "wrong"}}.dump(), "application/json");
      statuses[i] = r ? r->status : 0;
      if (!r) failures[i] = httplib::to_string(r.error());
    });
  for (auto& t : threads) t.join();
  EXPECT_LE(service_->password_verifier().peak(), 2);
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(statuses[i] == 401 || statuses[i] == 503) << statuses[i] << " " << failures[i];
}

TEST_F(SignIn, CommonPasswordsAndTheUserNameAreRefused) {
  auto org = service_->CreateOrganisation(ChineseExporter("Beta"), now_, "test");
  auto refused = [&](const std::string& user, const std::string& password) -> std::string {
    try {
      service_->CreateUser(user, password, org, now_, "test");
    } catch (const pc::Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kInvalid);
      EXPECT_EQ(e.field(), "password");
      return e.what();
    }
    return "";
  };
  EXPECT_NE(refused("carol", "password1").find("commonly used"), std::string::npos);
  EXPECT_NE(refused("carol", "PassWord1").find("commonly used"), std::string::npos);  // case does not matter
  EXPECT_NE(refused("carol", "iloveyou").find("commonly used"), std::string::npos);
  EXPECT_NE(refused("carolyn", "carolyn").find("at least 8"), std::string::npos);
  EXPECT_NE(refused("carolyn", "Carolyn1984").find("user name"), std::string::npos);
  EXPECT_NE(refused("carolyn", "my-carolyn-pass").find("user name"), std::string::npos);
  EXPECT_NE(refused("carol", "seven77").find("at least 8"), std::string::npos);
  EXPECT_NE(refused("carol", std::string(257, 'x')).find("at most 256"), std::string::npos);
  // Characters, not bytes: seven Chinese characters are 21 bytes, and too short.
  EXPECT_NE(refused("carol", "密码很长很安全").find("at least 8"), std::string::npos);
  // No composition rules: a long passphrase of lower-case words is fine.
  EXPECT_EQ(refused("carol", "purple monkey dishwasher"), "");
  EXPECT_EQ(refused("dave", "密码很长很安全的吧"), "");
  EXPECT_EQ(refused("erin", std::string(256, 'q') ), "");
  EXPECT_THROW(licensing::PasswordPolicy::Load(dir_ / "no-such-list.txt"), std::runtime_error);
}

TEST_F(SignIn, DemoUsersKeepTheirPublicPasswordsAndTheAuditSaysSo) {
  licensing::SeedDemo(*service_, *store_, now_);
  EXPECT_EQ(TryLogin("exporter", "exporter-demo").status, 200);
  bool noted = false;
  for (const auto& r : Audited("user.create"))
    if (r.details.json().value("username", "") == "exporter")
      noted = r.details.json().value("password", "") == "public (demo user)";
  EXPECT_TRUE(noted);
  EXPECT_EQ(licensing::DemoUsersWithPublicPasswords(*store_).size(), licensing::DemoUsers().size());
}

TEST_F(SignIn, AnIdleSessionEnds) {
  std::string token = Login("alice", kUserPassword);
  now_ += 29 * 60;
  EXPECT_EQ(Get("/api/v1/me", token).status, 200);  // used: the idle clock starts again
  now_ += 29 * 60;
  EXPECT_EQ(Get("/api/v1/me", token).status, 200);
  now_ += 30 * 60;
  auto r = Get("/api/v1/me", token);
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body["error"]["reason"].get<std::string>().find("without use"), std::string::npos);
}

TEST_F(SignIn, ASessionInUseStillEndsAfterTwelveHours) {
  std::string token = Login("alice", kUserPassword);
  for (int i = 0; i < 35; ++i) {  // every 20 minutes for 11 h 40 min
    now_ += 20 * 60;
    ASSERT_EQ(Get("/api/v1/me", token).status, 200) << "after " << (i + 1) * 20 << " minutes";
  }
  now_ += 20 * 60;
  EXPECT_EQ(Get("/api/v1/me", token).status, 401);
}

class ShortIdle : public SignIn {
 protected:
  licensing::ServiceConfig Config() override {
    licensing::ServiceConfig c;
    c.session_idle_seconds = 90;
    return c;
  }
};

TEST_F(ShortIdle, TheSessionCacheDoesNotOutliveTheIdleLimit) {
  std::string token = Login("alice", kUserPassword);
  now_ += 59;  // too soon to record a use: the session was last used at sign-in
  EXPECT_EQ(Get("/api/v1/me", token).status, 200);
  now_ += 41;  // 100 s after the last recorded use, within a minute of the cached check
  EXPECT_EQ(Get("/api/v1/me", token).status, 401);
}

TEST_F(SignIn, TheSessionCacheDoesNotOutliveTheAbsoluteLimit) {
  std::string token = Login("alice", kUserPassword);
  for (int i = 0; i < 36; ++i) {
    now_ += 20 * 60 - (i == 35 ? 30 : 0);  // the last step stops 30 s before the 12 hours
    ASSERT_EQ(Get("/api/v1/me", token).status, 200);
  }
  now_ += 31;
  EXPECT_EQ(Get("/api/v1/me", token).status, 401);
}

TEST_F(SignIn, ExpiredSessionsOldReplaysAndQuietCountersArePurged) {
  std::string kept = Login("alice", kUserPassword), idle = Login("alice", kUserPassword);
  auto t = DemoTokens();
  auto created = Post("/api/v1/applications", t["exporter"], Draft(), {{"Idempotency-Key", "draft-1"}});
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(TryLogin("alice", "wrong").status, 401);
  auto exporter_id = service_->Authenticate(t["exporter"], now_).user.id;

  now_ += 20 * 60;
  EXPECT_EQ(Get("/api/v1/me", kept).status, 200);
  now_ += 11 * 60;  // `idle` unused for 31 minutes; `kept` for 11
  auto purged = service_->PurgeExpired(now_);
  EXPECT_GE(purged.sessions, 1);
  EXPECT_FALSE(HasSession(idle));
  EXPECT_TRUE(HasSession(kept));
  EXPECT_EQ(purged.replays, 0);

  now_ += 24 * 3600;  // past the replay retention and the counters' quiet period
  purged = service_->PurgeExpired(now_);
  EXPECT_FALSE(HasSession(kept));
  EXPECT_EQ(purged.replays, 1);
  EXPECT_GE(purged.throttles, 2);  // the user name's and the address's
  store_->Read([&](licensing::Transaction& tx) {
    EXPECT_FALSE(tx.GetReplay(exporter_id, "draft-1"));
    EXPECT_FALSE(tx.GetThrottle(licensing::ThrottleKey("user", "alice")));
  });
}

}  // namespace
}  // namespace pc::testing

// Organisations, users and sessions.
#include <algorithm>
#include <cctype>

#include "licensing/access.h"
#include "licensing/audit.h"
#include "licensing/countries.h"
#include "licensing/crypto.h"
#include "licensing/serialize.h"
#include "licensing/service.h"

namespace pc::licensing {
namespace {

std::string CommonPasswordsFile(const ServiceConfig& config) {
  return config.common_passwords_file.empty() ? PC_COMMON_PASSWORDS_FILE : config.common_passwords_file;
}

// How stale a session's recorded last use may get: a session in steady use
// writes last_seen at most once per this many seconds.
constexpr Timestamp kSessionTouchSeconds = 60;

}  // namespace

Service::Service(Store& store, BlobStore& blobs, std::shared_ptr<const screen::Screener> screener,
                 CountryMap countries, ServiceConfig config)
    : store_(store), blobs_(blobs), screener_(screener), cache_(screener, config.screen_cache_entries),
      countries_(std::move(countries)),
      config_(std::move(config)),
      password_policy_(PasswordPolicy::Load(CommonPasswordsFile(config_))),
      verifier_(config_.max_password_checks) {
  InitCrypto();
}

Id Service::CreateOrganisation(const Organisation& org, Timestamp now, const std::string& by) {
  if (org.name.empty()) throw Invalid("name", "an organisation needs a name");
  if (!IsCountryCode(org.country)) throw Invalid("country", "'" + org.country + "' is not a two-letter country code");
  if (org.authority && org.kind != OrgKind::kExporter)
    throw Invalid("authority", "only an exporter is registered with a licensing authority");
  if (org.national && org.kind != OrgKind::kLicensingAuthority)
    throw Invalid("national", "only a licensing authority can be at national level");
  Organisation o = org;
  o.id = 0;
  Id id = 0;
  store_.Write([&](Transaction& tx) {
    if (o.authority) {
      auto authority = tx.GetOrganisation(*o.authority);
      if (!authority || authority->kind != OrgKind::kLicensingAuthority)
        throw Invalid("authority", "organisation " + std::to_string(*o.authority) + " is not a licensing authority");
    }
    id = tx.InsertOrganisation(o);
    o.id = id;
    AppendAudit(tx, now, by, "organisation.create", "organisation:" + std::to_string(id), ToJson(o));
  });
  return id;
}

static void CheckUsername(const std::string& username) {
  if (username.empty() || username.size() > 64 ||
      !std::all_of(username.begin(), username.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '@';
      }))
    throw Invalid("username", "a username is 1-64 letters, digits or -_.@");
}

Id Service::CreateUser(const std::string& username, const std::string& password, Id org_id, Timestamp now,
                       const std::string& by) {
  CheckUsername(username);
  password_policy_.Check(username, password);
  User u;
  u.username = username;
  u.org_id = org_id;
  u.password_hash = HashPassword(password);  // slow on purpose; outside the write lock
  return InsertUser(u, now, by, Json::object());
}

Id Service::CreateDemoUser(const std::string& username, const std::string& password, Id org_id, Timestamp now) {
  CheckUsername(username);
  User u;
  u.username = username;
  u.org_id = org_id;
  u.password_hash = HashPassword(password);
  return InsertUser(u, now, "demo-seed", {{"password", "public (demo user)"}});
}

Id Service::InsertUser(const User& user, Timestamp now, const std::string& by, const Json& note) {
  User u = user;
  Id id = 0;
  store_.Write([&](Transaction& tx) {
    auto org = tx.GetOrganisation(u.org_id);
    if (!org) throw Invalid("organisation", "no organisation " + std::to_string(u.org_id));
    u.role = RoleFor(org->kind);
    id = tx.InsertUser(u);
    u.id = id;
    Json details = ToJson(u);
    details.update(note);
    AppendAudit(tx, now, by, "user.create", "user:" + std::to_string(id), details);
  });
  return id;
}

LoginResult Service::Login(const std::string& username, const std::string& password, const std::string& address,
                           Timestamp now) {
  const std::string user_key = ThrottleKey("user", username), address_key = ThrottleKey("address", address);
  std::optional<User> user;
  std::optional<Organisation> org;
  Timestamp wait = 0;
  store_.Read([&](Transaction& tx) {
    for (const auto& key : {user_key, address_key})
      if (auto s = tx.GetThrottle(key)) wait = std::max(wait, WaitFor(*s, now));
    if (wait > 0) return;
    user = tx.FindUser(username);
    if (user) org = tx.GetOrganisation(user->org_id);
  });
  // Refused before any password check: a throttled guess costs nothing and
  // learns nothing.
  if (wait > 0)
    throw Error(ErrorKind::kTooManyRequests, "password",
                "too many failed sign-ins; try again in " + std::to_string(wait) + (wait == 1 ? " second" : " seconds"))
        .WithRetryAfter(int(wait));
  // One Argon2id check whether or not the user exists (a dummy hash stands
  // in), and one answer for both: no user enumeration by answer or by time.
  bool ok = verifier_.Verify(user ? &user->password_hash : nullptr, password);
  if (!ok || !org) {
    RecordLoginFailure(username, user, address, now);
    throw Error(ErrorKind::kUnauthenticated, "password", "unknown username or wrong password");
  }
  LoginResult r;
  r.token = RandomToken();
  r.expires = now + config_.session_seconds;
  r.actor = {*user, *org};
  store_.Write([&](Transaction& tx) {
    tx.DeleteThrottle(user_key);
    tx.PutSession({Sha256Hex(r.token), user->id, r.expires, now});
    AppendAudit(tx, now, ActorName(r.actor), "session.login", "user:" + std::to_string(user->id),
                {{"address", address}});
  });
  return r;
}

void Service::RecordLoginFailure(const std::string& username, const std::optional<User>& user,
                                 const std::string& address, Timestamp now) {
  store_.Write([&](Transaction& tx) {
    auto by_user = AfterFailure(config_.user_throttle, tx.GetThrottle(ThrottleKey("user", username)),
                                ThrottleKey("user", username), now);
    auto by_address = AfterFailure(config_.address_throttle, tx.GetThrottle(ThrottleKey("address", address)),
                                   ThrottleKey("address", address), now);
    tx.PutThrottle(by_user);
    tx.PutThrottle(by_address);
    // Who tried which name from where; never the password tried.
    AppendAudit(tx, now, "anonymous", "session.login_failed",
                user ? "user:" + std::to_string(user->id) : "user:unknown",
                {{"username", username},
                 {"address", address},
                 {"known_user", user.has_value()},
                 {"failures_for_username", by_user.failures},
                 {"failures_from_address", by_address.failures},
                 {"locked_seconds", std::max(WaitFor(by_user, now), WaitFor(by_address, now))}});
  });
}

Actor Service::Authenticate(const std::string& token, Timestamp now) {
  std::string hash = Sha256Hex(token);
  {
    std::lock_guard lock(sessions_mutex_);
    if (auto it = sessions_.find(hash); it != sessions_.end()) {
      if (now < it->second.second && now >= it->second.second - config_.session_cache_seconds)
        return it->second.first;
      sessions_.erase(it);
    }
  }
  std::optional<Actor> actor;
  std::optional<Session> session;
  store_.Read([&](Transaction& tx) {
    session = tx.GetSession(hash);
    if (!session || session->expires <= now || now - session->last_seen >= config_.session_idle_seconds) return;
    auto u = tx.GetUser(session->user_id);
    if (!u) return;
    auto o = tx.GetOrganisation(u->org_id);
    u->password_hash.clear();  // not needed past login; not kept in memory
    if (o) actor = Actor{*u, *o};
  });
  if (!actor)
    throw Error(ErrorKind::kUnauthenticated, "Authorization",
                "missing, unknown or expired token (sessions end after " +
                    std::to_string(config_.session_idle_seconds / 60) + " minutes without use)");
  if (now - session->last_seen >= kSessionTouchSeconds) {
    // Best effort: when the write fails (a full disk), the session keeps
    // its older last use and so ends sooner, never later; reads go on.
    try {
      store_.Write([&](Transaction& tx) { tx.TouchSession(hash, now); });
      session->last_seen = now;
    } catch (const std::exception&) {
    }
  }
  if (config_.session_cache_seconds <= 0) return *actor;
  // The cached entry may not outlive the session's absolute or idle limit.
  Timestamp until = std::min({session->expires, session->last_seen + config_.session_idle_seconds,
                              now + config_.session_cache_seconds});
  std::lock_guard lock(sessions_mutex_);
  if (sessions_.size() > 100000) sessions_.clear();
  sessions_[hash] = {*actor, until};
  return *actor;
}

void Service::Logout(const std::string& token, Timestamp now) {
  std::string hash = Sha256Hex(token);
  store_.Write([&](Transaction& tx) {
    auto session = tx.GetSession(hash);
    if (!session) return;
    tx.DeleteSession(hash);
    auto user = tx.GetUser(session->user_id);
    AppendAudit(tx, now, "user:" + std::to_string(session->user_id) + " (" + (user ? user->username : "?") + ")",
                "session.logout", "user:" + std::to_string(session->user_id), Json::object());
  });
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(hash);
}

Service::Purged Service::PurgeExpired(Timestamp now) {
  Purged p;
  store_.Write([&](Transaction& tx) {
    p.sessions = tx.PurgeSessions(now, now - config_.session_idle_seconds);
    p.replays = tx.PurgeReplays(now - config_.replay_retention_seconds);
    p.throttles = tx.PurgeThrottles(now);
  });
  return p;
}

std::vector<Organisation> Service::Organisations() {
  std::vector<Organisation> out;
  store_.Read([&](Transaction& tx) { out = tx.ListOrganisations(); });
  return out;
}

Organisation Service::ExporterOf(const Actor& a, Id application_id) {
  RequireRole(a, {Role::kOfficer}, "read an exporter's registration");
  Organisation out;
  store_.Read([&](Transaction& tx) {
    auto app = LoadOwned(tx, a, application_id, false);
    out = tx.GetOrganisation(app.exporter_org).value_or(Organisation{});
  });
  return out;
}

std::vector<AuditRecord> Service::ListAudit(const Actor& a, std::int64_t after_seq, std::size_t limit) {
  RequireRole(a, {Role::kOfficer}, "read the audit log");
  // The whole log covers every authority's applications: it is for the
  // authority at national level; others read each application's history.
  if (!a.org.national)
    throw Forbidden("the whole audit log is read at national level; an application's history is at "
                    "/api/v1/applications/{id}/history");
  std::vector<AuditRecord> out;
  store_.Read([&](Transaction& tx) { out = tx.ListAudit(after_seq, std::min<std::size_t>(limit, 1000)); });
  return out;
}

std::vector<Flag> Service::ListFlags(const Actor& a) {
  RequireRole(a, {Role::kOfficer}, "read re-screening flags");
  std::vector<Flag> out;
  store_.Read([&](Transaction& tx) { out = tx.ListFlags(); });
  std::erase_if(out, [&](const Flag& f) { return !MayReadAuthority(a, f.authority_org); });
  return out;
}

}  // namespace pc::licensing

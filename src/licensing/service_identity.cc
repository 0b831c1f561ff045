// Organisations, users and sessions.
#include <algorithm>

#include "licensing/access.h"
#include "licensing/audit.h"
#include "licensing/countries.h"
#include "licensing/crypto.h"
#include "licensing/serialize.h"
#include "licensing/service.h"

namespace pc::licensing {

Service::Service(Store& store, BlobStore& blobs, std::shared_ptr<const screen::Screener> screener,
                 CountryMap countries, ServiceConfig config)
    : store_(store), blobs_(blobs), screener_(screener), cache_(screener, config.screen_cache_entries),
      countries_(std::move(countries)),
      config_(std::move(config)) {
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

Id Service::CreateUser(const std::string& username, const std::string& password, Id org_id, Timestamp now,
                       const std::string& by) {
  if (username.empty() || username.size() > 64 ||
      !std::all_of(username.begin(), username.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '@';
      }))
    throw Invalid("username", "a username is 1-64 letters, digits or -_.@");
  if (password.size() < 8) throw Invalid("password", "a password needs at least 8 characters");
  User u;
  u.username = username;
  u.org_id = org_id;
  u.password_hash = HashPassword(password);  // slow on purpose; outside the write lock
  Id id = 0;
  store_.Write([&](Transaction& tx) {
    auto org = tx.GetOrganisation(org_id);
    if (!org) throw Invalid("organisation", "no organisation " + std::to_string(org_id));
    u.role = RoleFor(org->kind);
    id = tx.InsertUser(u);
    u.id = id;
    AppendAudit(tx, now, by, "user.create", "user:" + std::to_string(id), ToJson(u));
  });
  return id;
}

LoginResult Service::Login(const std::string& username, const std::string& password, Timestamp now) {
  std::optional<User> user;
  std::optional<Organisation> org;
  store_.Read([&](Transaction& tx) {
    user = tx.FindUser(username);
    if (user) org = tx.GetOrganisation(user->org_id);
  });
  // One answer for unknown user and wrong password: no user enumeration.
  if (!user || !org || !VerifyPassword(user->password_hash, password))
    throw Error(ErrorKind::kUnauthenticated, "password", "unknown username or wrong password");
  LoginResult r;
  r.token = RandomToken();
  r.expires = now + config_.session_seconds;
  r.actor = {*user, *org};
  store_.Write([&](Transaction& tx) {
    tx.PutSession({Sha256Hex(r.token), user->id, r.expires});
    AppendAudit(tx, now, ActorName(r.actor), "session.login", "user:" + std::to_string(user->id), Json::object());
  });
  return r;
}

Actor Service::Authenticate(const std::string& token, Timestamp now) {
  std::string hash = Sha256Hex(token);
  {
    std::lock_guard lock(sessions_mutex_);
    if (auto it = sessions_.find(hash); it != sessions_.end()) {
      if (now < it->second.second && now >= it->second.second - 60) return it->second.first;
      sessions_.erase(it);
    }
  }
  std::optional<Actor> actor;
  Timestamp expires = 0;
  store_.Read([&](Transaction& tx) {
    auto s = tx.GetSession(hash);
    if (!s || s->expires <= now) return;
    auto u = tx.GetUser(s->user_id);
    if (!u) return;
    auto o = tx.GetOrganisation(u->org_id);
    u->password_hash.clear();  // not needed past login; not kept in memory
    if (o) actor = Actor{*u, *o};
    expires = s->expires;
  });
  if (!actor) throw Error(ErrorKind::kUnauthenticated, "Authorization", "missing, unknown or expired token");
  std::lock_guard lock(sessions_mutex_);
  if (sessions_.size() > 100000) sessions_.clear();
  sessions_[hash] = {*actor, std::min(expires, now + 60)};
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

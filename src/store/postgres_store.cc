#include "store/postgres_store.h"

#include "store/migrations.h"
#include "store/postgres_transaction.h"

namespace pc::store {

using namespace pc::licensing;

namespace {

// Advisory lock keys, one bigint each: the application's own numbers, far
// from anything another application on the same database is likely to use.
constexpr std::int64_t kWriteLock = 0x50524543'00000001;     // every write, and migrations
constexpr std::int64_t kPeriodicLock = 0x50524543'00000002;  // the process leading periodic work

// Runs fn on a transaction of type Tx, on the leased connection. A
// connection found broken when the transaction begins (the server
// restarted since it was last used) is reopened and the transaction begun
// again; once fn has run, a broken connection is an error, since the
// outcome of a commit in flight is unknown. PostgreSQL's own failures become
// the domain's errors (PgError); the domain's errors pass through.
template <typename Tx, typename Body>
void RunTransaction(PgPool::Lease& lease, Body body) {
  for (int attempt = 0;; ++attempt) {
    bool begun = false;
    try {
      Tx tx(lease->raw());
      begun = true;
      body(*lease, tx);
      tx.commit();
      return;
    } catch (const pqxx::broken_connection& e) {
      if (begun || attempt > 0) throw PgError(e);
      lease.Reconnect();
    } catch (const pqxx::in_doubt_error& e) {
      throw Error(ErrorKind::kUnavailable, "", "the database connection was lost while committing; retry later")
          .WithDetail(std::string("PostgreSQL: ") + e.what());
    } catch (const pqxx::failure& e) {
      throw PgError(e);
    }
  }
}

using ReadTx = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;
using WriteTx = pqxx::transaction<pqxx::read_committed, pqxx::read_write>;

}  // namespace

PostgresStore::PostgresStore(const std::string& url, std::size_t connections)
    : pool_(url, DescribeDatabaseUrl(url), connections) {
  auto lease = pool_.Take();  // the connection the pool opened (or failed to open, naming the database) at once
  RunTransaction<WriteTx>(lease, [&](PgConn&, WriteTx& tx) {
    // Processes starting together: the first migrates, the others wait on
    // the lock and then find nothing left to do.
    tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")");
    tx.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    int current = tx.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0].as<int>();
    if (current > LatestSchemaVersion()) throw NewerSchemaError(pool_.where(), current);
    for (const auto& m : Migrations()) {
      if (m.version <= current) continue;
      tx.exec(m.postgres);
      tx.exec_params("INSERT INTO schema_migrations(version, description) VALUES ($1, $2)", m.version, m.description);
      current = m.version;
    }
    schema_version_ = current;
  });
}

PostgresStore::~PostgresStore() = default;

void PostgresStore::Read(const std::function<void(Transaction&)>& fn) {
  auto lease = pool_.Take();
  RunTransaction<ReadTx>(lease, [&](PgConn& conn, pqxx::transaction_base& tx) {
    PgTransaction t(conn, tx, false);
    fn(t);
  });
}

void PostgresStore::Write(const std::function<void(Transaction&)>& fn) {
  group_.Write(fn, [this](GroupCommit::Batch& batch) { CommitBatch(batch); });
}

void PostgresStore::CommitBatch(GroupCommit::Batch& batch) {
  try {
    auto lease = pool_.Take();
    RunTransaction<WriteTx>(lease, [&](PgConn& conn, WriteTx& tx) {
      conn.Exec(tx, "SELECT pg_advisory_xact_lock($1)", {kWriteLock});
      for (auto* w : batch) {
        w->error = nullptr;  // a batch begun again on a new connection
        // A savepoint per writer: its failure, even a statement PostgreSQL
        // refused (which ends the enclosing transaction for libpqxx),
        // rolls back its own changes only. libpqxx 6 opens the savepoint
        // with the subtransaction's first exec(), not with a prepared
        // statement: one is run first, or abort() would undo nothing.
        pqxx::subtransaction savepoint(tx, "w");
        try {
          savepoint.exec("SELECT 1");
          PgTransaction t(conn, savepoint, true);
          (*w->fn)(t);
          savepoint.commit();
          continue;
        } catch (const pqxx::broken_connection&) {
          throw;  // the whole batch fails
        } catch (const pqxx::failure& e) {
          w->error = std::make_exception_ptr(PgError(e));
        } catch (...) {
          w->error = std::current_exception();
        }
        savepoint.abort();
      }
    });
  } catch (...) {
    auto error = std::current_exception();
    for (auto* w : batch)
      if (!w->error) w->error = error;
  }
}

bool PostgresStore::LeadsPeriodicWork() {
  std::lock_guard lock(lead_mutex_);
  const std::string try_lock = "SELECT pg_try_advisory_lock(" + std::to_string(kPeriodicLock) + ")";
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      if (!lead_conn_) {
        lead_conn_ = std::make_unique<PgConn>(pool_.url(), pool_.where());
        lead_pid_ = 0;
      }
      pqxx::nontransaction tx(lead_conn_->raw());
      if (lead_pid_ != 0) {
        // Still leading while the session that took the lock is alive (a
        // connection libpqxx reopened by itself is a new session, without it).
        tx.exec("SELECT 1");
        if (lead_conn_->raw().backendpid() == lead_pid_) return true;
        lead_pid_ = 0;
      }
      if (tx.exec(try_lock)[0][0].as<bool>()) lead_pid_ = lead_conn_->raw().backendpid();
      return lead_pid_ != 0;
    } catch (const pqxx::broken_connection&) {
      lead_conn_.reset();  // the lock, if it was held, went with the session
      lead_pid_ = 0;
    } catch (const pqxx::failure& e) {
      throw PgError(e);
    }
  }
  return false;
}

}  // namespace pc::store

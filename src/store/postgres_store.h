// The PostgreSQL implementation of licensing::Store, for several service
// processes on one database (precursor serve --database postgresql://...).
//
// Writes: serialised across every process by a transaction-level advisory
// lock taken first (pg_advisory_xact_lock), and within a process by group
// commit (group_commit.h): the writers queued while a commit is in flight
// run together in the next transaction, each in its own savepoint, and
// share its flush, so one connection per process waits on the lock. The domain relies on writers being serialised (the audit
// chain's next record follows the head it read; ids are the next after the
// largest; drawdowns are checked against the shipments recorded so far;
// If-Match compares the stored version), exactly as on SQLite, so the
// rules hold across processes without retry loops around code with side
// effects. Each write transaction runs at READ COMMITTED: every statement
// after the lock sees all that earlier writers committed. A commit returns
// once PostgreSQL has flushed it (synchronous_commit as the server sets
// it; on by default), so an acknowledged write survives a crash of the
// service or of the database server.
//
// Reads: a read-only REPEATABLE READ transaction, one consistent snapshot,
// concurrent with writers and each other.
//
// Connections: a fixed pool (PgPool); a connection the server dropped is
// reopened, and a transaction that found its connection broken before it
// began is run again on a new one.
//
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "licensing/store.h"
#include "store/group_commit.h"
#include "store/postgres_db.h"

namespace pc::store {

class PostgresStore : public licensing::Store {
 public:
  // Connects, then applies pending migrations under an advisory lock (so
  // processes starting together migrate once). Throws Error naming the
  // database (never its password) for a bad URL, a server that cannot be
  // reached, or a schema newer than this build. `connections` is the pool's
  // size (at least 1); the periodic-work lock keeps one more.
  explicit PostgresStore(const std::string& url, std::size_t connections = 8);
  ~PostgresStore() override;

  void Read(const std::function<void(licensing::Transaction&)>& fn) override;
  void Write(const std::function<void(licensing::Transaction&)>& fn) override;

  int schema_version() const { return schema_version_; }
  // "PostgreSQL database 'precursor' at db1:5432 as precursor".
  const std::string& description() const { return pool_.where(); }

  // Whether this process leads the periodic work (deadlines, registry
  // changes, purges, the audit anchor): at most one process at a time
  // holds a session-level advisory lock on a connection kept for it. When
  // that process stops, its connection closes and the next to ask takes
  // over. Cheap to call on every tick.
  bool LeadsPeriodicWork();

 private:
  void CommitBatch(GroupCommit::Batch& batch);

  PgPool pool_;
  GroupCommit group_;
  std::mutex lead_mutex_;
  std::unique_ptr<PgConn> lead_conn_;  // the session that holds (or asks for) the periodic-work lock
  int lead_pid_ = 0;                   // its backend's pid while it holds the lock
  int schema_version_ = 0;
};

}  // namespace pc::store

// Every limit `precursor serve` puts on its clients, in one place: the
// transport's (GuardedServer: how long a client may take to send a request,
// how many connections it may hold) and the API's (how much CPU-bound work
// runs at once, how much screening time one user may take). The serve
// command fills it from its flags; tests set short timeouts.
//
// Why each exists: a client that drips a header line every few seconds, or
// holds thousands of idle connections, must not keep honest clients out;
// one user's screening of expensive structures must not take every core.
#pragma once

#include <chrono>
#include <cstddef>

namespace pc::http {

struct Limits {
  // --- Transport (GuardedServer) ---
  // The request line and headers, from their first byte (time spent
  // waiting for a thread included). A client still sending its head then
  // is cut off, however steadily it sends.
  std::chrono::milliseconds header_timeout{10'000};
  // A keep-alive connection waiting for its next request (and a new
  // connection for its first). Waiting connections hold no thread.
  std::chrono::milliseconds idle_timeout{5'000};
  // The whole request body: a 10 MiB document upload at 200 kB/s.
  std::chrono::milliseconds body_timeout{60'000};
  // The whole response, from its first byte written.
  std::chrono::milliseconds write_timeout{60'000};
  // After a response, the thread waits this long for the connection's next
  // request (a keep-alive client usually sends it at once) before handing
  // the connection to the idle watcher.
  std::chrono::milliseconds keep_alive_grace{5};
  std::size_t max_head_bytes = 64 * 1024;  // request line and headers together
  std::size_t max_requests_per_connection = 10'000;
  // Open connections, all clients together (each holds a file descriptor).
  std::size_t max_connections = 10'000;
  // Open connections from one client address (an IPv6 client by its /64);
  // connections beyond it are closed at once. 0: no cap (behind a reverse
  // proxy every connection comes from the proxy's address). Well below
  // `threads`, so that one address cannot hold every thread with slow
  // requests.
  std::size_t max_connections_per_client = 64;
  // Threads serving requests in progress (reading, handling, writing); a
  // thread waiting on a slow client costs a stack and no CPU.
  std::size_t threads = 512;

  // --- CPU-bound routes (Api: screening, depiction) ---
  // Such requests run at most `cpu_workers` at a time (0: one per core);
  // `cpu_queue` more may wait, beyond that 503 with Retry-After.
  std::size_t cpu_workers = 0;
  std::size_t cpu_queue = 256;
  // Screening time per user, a token bucket in CPU seconds: each user may
  // spend `screen_cpu_rate` CPU seconds per second on average, and up to
  // `screen_cpu_burst` at once; beyond it 429 with Retry-After. A verdict
  // from the cache costs microseconds, an expensive structure seconds.
  // A rate of 0 turns the limit off.
  double screen_cpu_rate = 1.0;
  double screen_cpu_burst = 60.0;
  // POST /api/v1/screen/file: records in one file, and its text after
  // decompression (a 10 MiB zstd upload could expand a thousandfold).
  // The upload itself is bounded by the server's body limit. Larger
  // files are for `precursor screen`, which streams.
  std::size_t screen_file_records = 20'000;
  std::size_t screen_file_text_bytes = 64u << 20;
};

}  // namespace pc::http

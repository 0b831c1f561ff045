// Writing a file so that it is either wholly there or not at all: the bytes
// go to a temporary file beside the target, are flushed to disk (fsync),
// and the temporary file is renamed over the target, whose directory is then
// flushed too. A crash leaves the old file or the new one, never a partial
// one; a failure (a full disk, a file size limit, an I/O error) removes the
// temporary file before the error is thrown, so nothing is left behind.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace pc::store {

// Throws std::system_error naming the file and the operation that failed.
void WriteFileDurably(const std::filesystem::path& target, std::string_view bytes, mode_t mode = 0640);

// Removes the temporary files that WriteFileDurably left in `dir` when its
// process was killed between writing and renaming (kill -9, power loss):
// those of processes no longer running, never another live process's
// write in progress. Returns how many it removed.
int RemoveAbandonedTemporaryFiles(const std::filesystem::path& dir);

}  // namespace pc::store

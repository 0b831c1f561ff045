#include "licensing/upload_checks.h"

#include "common/error.h"
#include "licensing/serialize.h"

namespace pc::licensing {
namespace {

// Accepted document types, by declared MIME type and the bytes' signature:
// a mislabelled upload is refused rather than stored under a false type.
bool ContentMatches(const std::string& mime, const std::string& bytes) {
  auto starts = [&](std::string_view sig) { return bytes.compare(0, sig.size(), sig) == 0; };
  if (mime == "application/pdf") return starts("%PDF-");
  if (mime == "image/png") return starts("\x89PNG\r\n\x1a\n");
  if (mime == "image/jpeg") return starts("\xFF\xD8\xFF");
  if (mime == "text/plain") return bytes.find('\0') == std::string::npos;
  return false;
}

std::string Bytes(std::int64_t n) { return std::to_string(n) + " bytes"; }

}  // namespace

void CheckDocumentContent(const ServiceConfig& config, const std::string& filename, const std::string& mime_type,
                          const std::string& bytes) {
  if (std::int64_t(bytes.size()) > config.max_document_bytes)
    throw Error(ErrorKind::kTooLarge, "body",
                "document is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                    std::to_string(config.max_document_bytes));
  if (bytes.empty()) throw Invalid("body", "the document is empty");
  if (filename.empty() || filename.size() > 255 || filename.find_first_of("/\\") != std::string::npos)
    throw Invalid("filename", "a file name of 1-255 characters without path separators is required");
  if (mime_type != "application/pdf" && mime_type != "image/png" && mime_type != "image/jpeg" &&
      mime_type != "text/plain")
    throw Error(ErrorKind::kUnsupportedType, "Content-Type",
                "'" + mime_type + "' is not accepted (application/pdf, image/png, image/jpeg, text/plain)");
  if (!ContentMatches(mime_type, bytes))
    throw Error(ErrorKind::kUnsupportedType, "body", "the content is not a " + mime_type + " file");
}

void CheckDocumentFits(Transaction& tx, const Application& app, std::int64_t size, const ServiceConfig& config) {
  if (app.status != AppStatus::kDraft && app.status != AppStatus::kInfoRequested)
    throw Conflict("status", "documents can be added to a draft or when information is requested (status: " +
                                 ToString(app.status) + ")");
  if (app.documents.size() >= config.max_documents_per_application)
    throw Conflict("documents",
                   "at most " + std::to_string(config.max_documents_per_application) + " documents per application");
  std::int64_t in_application = 0;
  for (const auto& d : app.documents) in_application += d.size;
  if (in_application + size > config.max_application_document_bytes)
    throw Conflict("documents", "the application's documents would take " + Bytes(in_application + size) +
                                    "; the limit per application is " + Bytes(config.max_application_document_bytes));
  std::int64_t for_exporter = tx.DocumentBytes(app.exporter_org);
  if (for_exporter + size > config.max_exporter_document_bytes)
    throw Conflict("documents", "the exporter's documents would take " + Bytes(for_exporter + size) +
                                    "; the limit per exporter is " + Bytes(config.max_exporter_document_bytes));
}

}  // namespace pc::licensing

// Every check that can refuse an uploaded document, in one place, so that
// Service::AddDocument runs all of them before the bytes reach the disk: a
// refused upload must leave nothing behind, and disk use per application
// and per exporter is bounded (ServiceConfig).
#pragma once

#include <string>

#include "licensing/service.h"

namespace pc::licensing {

// The bytes alone: size (413), emptiness, file name (400), declared type and
// whether the content is of that type (415).
void CheckDocumentContent(const ServiceConfig& config, const std::string& filename, const std::string& mime_type,
                          const std::string& bytes);

// Where it goes (409): the application takes documents in its state, has
// room for one more, and neither it nor its exporter's documents would pass
// their byte limits. Run before the bytes are stored and again in the write
// that records the document, since the application may change in between.
void CheckDocumentFits(Transaction& tx, const Application& app, std::int64_t size, const ServiceConfig& config);

}  // namespace pc::licensing

// Pages of the API's lists: every list route takes ?limit=&offset= and
// answers its items with "total", "limit", "offset" and "next" (the path of
// the next page, null on the last), and the same link in a Link header
// (RFC 8288, rel="next"). A client that follows "next" until it is null has
// read the whole list once.
//
// The page is cut from the list the service returns for the caller (its
// access rules applied first), so paging never widens what a caller sees.
// The audit log pages by its own cursor (?after=SEQ) instead; it uses
// NextLink for its "next".
//
// Thread-safe: plain functions over the request and response.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace pc::http {

struct PageRequest {
  static constexpr std::size_t kDefaultLimit = 100;
  static constexpr std::size_t kMaxLimit = 1000;
  std::size_t limit = kDefaultLimit;
  std::size_t offset = 0;
};

// ?limit= (1 to 1000, default 100) and ?offset= (default 0); throws
// pc::Error naming the parameter for anything else.
PageRequest ReadPage(const httplib::Request& req);

// The request's path and query with `param` set to `value` (the others kept).
std::string NextLink(const httplib::Request& req, const std::string& param, const std::string& value);

// The next page's path, or nothing on the last page; also sets the Link header.
std::optional<std::string> NextPage(const httplib::Request& req, httplib::Response& res, const PageRequest& page,
                                    std::size_t total);

// Puts items[offset, offset+limit) into out[key], with "total", "limit",
// "offset" and "next" beside it (J: nlohmann::json or ordered_json).
template <class J>
void AddPage(const httplib::Request& req, httplib::Response& res, J& out, const std::string& key, const J& items,
             const PageRequest& page) {
  J slice = J::array();
  for (std::size_t i = page.offset; i < items.size() && i - page.offset < page.limit; ++i) slice.push_back(items[i]);
  out[key] = std::move(slice);
  out["total"] = items.size();
  out["limit"] = page.limit;
  out["offset"] = page.offset;
  auto next = NextPage(req, res, page, items.size());
  out["next"] = next ? J(*next) : J();
}

}  // namespace pc::http

// The JSON body readers: every request struct of the API read from the input as the body of a
// request with a JSON content type, through read_json_object, body_reader and read_form. Any
// input must end as a form that keeps the contract's rules, or as a 400, 415 or 422 problem
// that serialises.
#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "app/accounts/requests.hpp"
#include "app/comments/requests.hpp"
#include "app/contents/requests.hpp"
#include "app/library/requests.hpp"
#include "app/web/text.hpp"
#include "net/problem.hpp"

namespace {

namespace http = boost::beast::http;
using folio::app::result;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz_json_body: %s\n", what);
  std::abort();
}

void check_text(const std::string& text, std::size_t min, std::size_t max, const char* what) {
  if (!folio::app::is_valid_utf8(text) || text.find('\0') != std::string::npos) fail(what);
  const auto length = folio::app::code_points(text);
  if (length < min || length > max) fail(what);
}

void check_text(const std::optional<std::string>& text, std::size_t min, std::size_t max, const char* what) {
  if (text) check_text(*text, min, max, what);
}

// A refused body is 400 (not JSON, not an object), 415 (content type) or 422 (fields); a 422
// names at least one field. Every problem must serialise, as the server will.
template <class T>
bool refused(const result<T>& r) {
  if (r) return false;
  const auto& p = r.problem();
  const auto status = static_cast<unsigned>(p.status);
  if (status != 400 && status != 415 && status != 422) fail("a body refused with an unexpected status");
  if (status == 422 && p.errors.empty()) fail("a 422 with no field error");
  if (folio::net::problem_json(p).empty()) fail("an empty problem document");
  return true;
}

void read_all(const folio::net::request& req) {
  namespace accounts = folio::app::accounts;
  namespace contents = folio::app::contents;
  namespace comments = folio::app::comments;
  namespace library = folio::app::library;

  if (auto r = accounts::read_registration(req); !refused(r)) {
    if (!folio::app::is_username(r->username)) fail("registration: username");
    if (!folio::app::is_email(r->email)) fail("registration: email");
    check_text(r->password, 8, 256, "registration: password");
    check_text(r->display_name, 1, 64, "registration: display_name");
  }
  if (auto r = accounts::read_login_attempt(req); !refused(r)) {
    if (!folio::app::is_valid_utf8(r->login) || !folio::app::is_valid_utf8(r->password)) fail("login: not UTF-8");
  }
  if (auto r = accounts::read_profile_change(req); !refused(r)) {
    check_text(r->password, 8, 256, "profile: password");
    if (r->password && !r->current_password) fail("profile: a new password without the current one");
  }
  for (auto read : {contents::read_new_content, contents::read_content_changes}) {
    if (auto r = contents::read_body(req, read); !refused(r)) {
      check_text(r->title, 1, 200, "content: title");
      if (r->slug && !folio::app::is_slug(*r->slug)) fail("content: slug");
      check_text(r->description, 0, 5000, "content: description");
      if (r->tags) {
        if (r->tags->size() > 10) fail("content: more than 10 tags");
        for (const auto& tag : *r->tags) {
          if (!folio::app::is_tag(tag)) fail("content: tag");
        }
      }
    }
  }
  for (auto read : {contents::read_new_chapter, contents::read_chapter_changes}) {
    if (auto r = contents::read_body(req, read); !refused(r)) {
      check_text(r->title, 1, 200, "chapter: title");
      if (r->body && (!folio::app::is_valid_utf8(*r->body) || r->body->find('\0') != std::string::npos))
        fail("chapter: body");
      if (r->number && (*r->number < 1 || *r->number > contents::max_chapter_number)) fail("chapter: number");
    }
  }
  if (auto r = comments::read_new_comment(req); !refused(r)) {
    check_text(r->body, 1, 10000, "comment: body");
    if (r->parent_id && *r->parent_id < 1) fail("comment: parent_id");
  }
  if (auto r = comments::read_comment_edit(req); !refused(r)) check_text(r->body, 1, 10000, "comment edit: body");
  if (auto r = library::read_progress(req); !refused(r)) {
    if (r->chapter_id < 1) fail("progress: chapter_id");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  folio::net::http_request message{http::verb::post, "/", 11};
  message.set(http::field::content_type, "application/json");
  message.body().assign(reinterpret_cast<const char*>(data), size);
  const auto url = boost::urls::parse_origin_form("/").value();
  const folio::net::request req{message, url, {}, "fuzz", "/", {}};
  read_all(req);
  return 0;
}

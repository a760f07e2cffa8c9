// Status and Result<T>: the one error style of Taxa.
//
// Expected failures (bad input, a missing file, a corrupt shard, a held lock)
// are values, never exceptions. A message names what was wrong and where:
//
//   Status s = Status::InvalidInput("items.jsonl:12: field \"id\" is missing");
//   Result<Taxonomy> t = LoadTaxonomy(files);
//   if (!t.ok()) return t.status();
//   TAXA_RETURN_IF_ERROR(SaveTaxonomy(*t));
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace taxa {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,     // the user gave something malformed or unknown
  kNotFound,         // a named thing does not exist
  kAlreadyExists,    // a named thing exists and may not be created again
  kFailedPrecondition,  // the project is in a state that forbids this
  kCorrupt,          // stored data failed a check (checksum, truncation)
  kLocked,           // another writer holds the project
  kUnauthenticated,  // who asks is not known (a missing, wrong or revoked token)
  kPermissionDenied,  // who asks is known, and their role does not allow this
  kIo,               // the operating system refused a read or write
  kInternal,         // a library reported an unexpected failure
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
  static Status Locked(std::string m) { return {StatusCode::kLocked, std::move(m)}; }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status Io(std::string m) { return {StatusCode::kIo, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "prefix: message" (for adding a file name).
  Status WithPrefix(const std::string& prefix) const {
    if (ok()) return *this;
    return Status(code_, prefix + ": " + message_);
  }

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "a Result made from a Status must carry an error");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace taxa

#define TAXA_STATUS_CONCAT_INNER(a, b) a##b
#define TAXA_STATUS_CONCAT(a, b) TAXA_STATUS_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` is not ok.
#define TAXA_RETURN_IF_ERROR(expr)                  \
  do {                                              \
    ::taxa::Status taxa_status_tmp_ = (expr);       \
    if (!taxa_status_tmp_.ok()) return taxa_status_tmp_; \
  } while (false)

// Declares `lhs` from a Result, or returns its Status from the enclosing function.
#define TAXA_ASSIGN_OR_RETURN(lhs, rexpr)                                   \
  auto TAXA_STATUS_CONCAT(taxa_result_, __LINE__) = (rexpr);                 \
  if (!TAXA_STATUS_CONCAT(taxa_result_, __LINE__).ok())                      \
    return TAXA_STATUS_CONCAT(taxa_result_, __LINE__).status();              \
  lhs = std::move(TAXA_STATUS_CONCAT(taxa_result_, __LINE__)).value()

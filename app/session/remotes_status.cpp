// Remotes: the state of each remote for the Sync window, and the record of
// the last sync with each, kept in <git dir>/taxa/last-sync.json.
#include <ctime>

#include "session/internal/project_state.h"
#include "session/internal/proposal_sync.h"
#include "session/remotes.h"
#include <nlohmann/json.hpp>

#include "taxa/sync/remote.h"

namespace taxa::app {

namespace {

using nlohmann::json;

constexpr const char* kLastSyncFile = "last-sync.json";

// The records by remote name; empty when the file does not exist yet.
Result<std::map<std::string, LastSync>> ReadLastSyncs(const std::string& path) {
  std::map<std::string, LastSync> out;
  if (!core::PathExists(path)) return out;
  TAXA_ASSIGN_OR_RETURN(std::string bytes, core::ReadFile(path));
  json doc = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Status::Corrupt(path + ": not a JSON object");
  for (const auto& [name, record] : doc.items()) {
    if (!record.is_object() || !record.contains("time") || !record["time"].is_number_integer() ||
        !record.contains("ok") || !record["ok"].is_boolean() || !record.contains("summary") ||
        !record["summary"].is_string())
      return Status::Corrupt(path + ": the record of remote \"" + name +
                             "\" needs \"time\", \"ok\" and \"summary\"");
    out[name] = {.time = record["time"].get<int64_t>(),
                 .ok = record["ok"].get<bool>(),
                 .summary = record["summary"].get<std::string>()};
  }
  return out;
}

}  // namespace

std::string DescribeSync(const std::string& remote, const SyncReport& r) {
  std::string what = r.merged         ? "merged with " + remote
                     : r.fast_forward ? "fast-forwarded to " + remote
                                      : "nothing new from " + remote;
  if (r.conflicts > 0)
    what += ", " + std::to_string(r.conflicts) +
            (r.conflicts == 1 ? " conflict recorded" : " conflicts recorded");
  what += r.pushed ? "; pushed " + r.head.substr(0, 10) : "; nothing to push";
  return what;
}

Result<std::vector<RemoteStatus>> Remotes::Overview() {
  TAXA_ASSIGN_OR_RETURN(auto remotes, sync::ListRemotes(s_.repo()));
  TAXA_ASSIGN_OR_RETURN(auto last, ReadLastSyncs(s_.state_dir() + "/" + kLastSyncFile));
  TAXA_ASSIGN_OR_RETURN(std::string head, s_.repo().Head());
  std::vector<RemoteStatus> out;
  for (auto& [name, url] : remotes) {
    RemoteStatus r{.name = name, .url = url};
    TAXA_ASSIGN_OR_RETURN(r.tracking, s_.repo().ReferenceTarget("refs/remotes/" + name + "/main"));
    TAXA_ASSIGN_OR_RETURN(std::tie(r.ahead, r.behind), s_.repo().AheadBehind(head, r.tracking));
    if (auto it = last.find(name); it != last.end()) r.last_sync = it->second;
    out.push_back(std::move(r));
  }
  return out;
}

Result<SyncReport> Remotes::Sync(const std::string& remote) {
  Result<SyncReport> outcome = SyncUnrecorded(remote);
  if (outcome.ok()) {
    if (Status proposals = SyncProposals(s_, remote); !proposals.ok())
      outcome = proposals.WithPrefix("main synced, but not the proposals");
  }
  Status recorded = RecordSync(remote, outcome);
  if (outcome.ok() && !recorded.ok())
    return recorded.WithPrefix("synced, but the outcome was not recorded");
  return outcome;
}

Status Remotes::RecordSync(const std::string& remote, const Result<SyncReport>& outcome) {
  if (!s_.writable()) return Status::Ok();
  std::string path = s_.state_dir() + "/" + kLastSyncFile;
  TAXA_ASSIGN_OR_RETURN(auto records, ReadLastSyncs(path));
  LastSync& last = records[remote];
  last.time = static_cast<int64_t>(std::time(nullptr));
  last.ok = outcome.ok();
  last.summary = outcome.ok() ? DescribeSync(remote, *outcome) : outcome.status().message();
  json doc = json::object();
  for (const auto& [name, r] : records)
    doc[name] = {{"time", r.time}, {"ok", r.ok}, {"summary", r.summary}};
  return core::WriteFileAtomic(path, doc.dump(2) + "\n");
}

}  // namespace taxa::app

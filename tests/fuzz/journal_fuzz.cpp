// The label journal (.git/taxa/journal) as a crash, a full disk or a stray
// editor may leave it: the input is the whole file. Journal::Open and
// ReadAll must return the intact records (each decoded as Session::Flush
// does), and a record appended afterwards must read back after exactly the
// records that were there before: a torn tail stays dropped, nothing else
// appears or vanishes (journal.h).
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/journal.h"
#include "taxa/core/label_event.h"

namespace {

void WriteWhole(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  FUZZ_CHECK(fd >= 0, "cannot write " + path);
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    FUZZ_CHECK(n > 0, "cannot write " + path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = taxa::fuzz::ScratchDir() + "/journal";
  WriteWhole(path, taxa::fuzz::Text(data, size));

  taxa::Result<taxa::core::Journal> journal = taxa::core::Journal::Open(path);
  FUZZ_CHECK(journal.ok(), journal.status().message());
  taxa::Result<taxa::core::Journal::Contents> before = journal->ReadAll();
  FUZZ_CHECK(before.ok(), before.status().message());
  for (size_t i = 0; i < before->records.size(); ++i) {
    const std::string& record = before->records[i];
    FUZZ_CHECK(record.find('\n') == std::string::npos, "a record holds a line break");
    (void)taxa::core::DecodeEventLine(record, path + ":" + std::to_string(i + 1));
  }

  const std::string probe = "{\"probe\":" + std::to_string(size) + "}";
  FUZZ_CHECK(journal->Append({probe}).ok(), "cannot append");
  taxa::Result<taxa::core::Journal::Contents> after = journal->ReadAll();
  FUZZ_CHECK(after.ok(), after.status().message());
  std::vector<std::string> expected = before->records;
  expected.push_back(probe);
  FUZZ_CHECK(after->records == expected,
             "after an append the journal reads " + std::to_string(after->records.size()) +
                 " records, not the " + std::to_string(before->records.size()) + " before and one");
  FUZZ_CHECK(after->damaged <= before->damaged, "an append damaged a record");
  return 0;
}

#include "taxa/core/journal.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/status_matchers.h"
#include "support/test_support.h"

namespace taxa::core {
namespace {

using taxa::testing::ReadText;
using taxa::testing::TempDir;
using taxa::testing::WriteText;
using Records = std::vector<std::string>;

using taxa::testing::Fails;

Journal MustOpen(const std::string& path) {
  Result<Journal> j = Journal::Open(path);
  EXPECT_TRUE(j.ok()) << j.status().message();
  return j.ok() ? std::move(*j) : Journal();
}

Journal::Contents MustRead(const Journal& j) {
  Result<Journal::Contents> c = j.ReadAll();
  EXPECT_TRUE(c.ok()) << c.status().message();
  return c.ok() ? *c : Journal::Contents{};
}

void AppendRaw(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << bytes;
}

TEST(Journal, ABatchOfManyMegabytesIsWrittenWholeInOrderWithEachLinesChecksum) {
  // More than the few MB Append writes at a time, with records of many sizes
  // (one larger than a whole piece).
  Records records;
  std::mt19937_64 rng(7);
  size_t bytes = 0;
  for (int i = 0; bytes < (20u << 20); ++i) {
    std::string r = "{\"n\":" + std::to_string(i) + ",\"pad\":\"" +
                    std::string(i == 500 ? (9u << 20) : rng() % 400, 'x') + "\"}";
    bytes += r.size();
    records.push_back(std::move(r));
  }
  TempDir dir;
  Journal j = MustOpen(dir / "journal");
  ASSERT_TRUE(j.Append({"before"}).ok());
  ASSERT_TRUE(j.Append(records).ok());
  Journal::Contents c = MustRead(j);
  ASSERT_EQ(c.records.size(), records.size() + 1);
  EXPECT_EQ(c.records.front(), "before");
  EXPECT_TRUE(std::equal(records.begin(), records.end(), c.records.begin() + 1));
  EXPECT_TRUE(c.damaged.empty());
  // Each line is "<16 hex digits of the record's 64-bit FNV-1a> <record>", with
  // the offset basis journals have always been written with (1469598103934665603,
  // not FNV's published 14695981039346656037: the format on disk, kept).
  std::string text = ReadText(dir / "journal");
  size_t at = text.find('\n') + 1;  // past "before"
  for (const std::string& r : {records[0], records[1]}) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char ch : r) h = (h ^ ch) * 1099511628211ull;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    EXPECT_EQ(text.substr(at, 17 + r.size() + 1), std::string(hex) + " " + r + "\n");
    at += 17 + r.size() + 1;
  }
}

TEST(Journal, AppendReadAndClear) {
  TempDir dir;
  Journal j = MustOpen(dir / "journal");
  EXPECT_EQ(j.path(), dir / "journal");
  EXPECT_TRUE(MustRead(j).records.empty());

  const std::string json = R"({"id":"ab12","note":"caf\u00e9 \"q\"","x":"tab	in"})";
  ASSERT_TRUE(j.Append({"first", json}).ok());
  ASSERT_TRUE(j.Append({}).ok());
  ASSERT_TRUE(j.Append({"", "with spaces  and \xC3\xA9"}).ok());
  Journal::Contents c = MustRead(j);
  EXPECT_EQ(c.records, (Records{"first", json, "", "with spaces  and \xC3\xA9"}));
  EXPECT_EQ(c.damaged.size(), 0u);

  // Another handle (a restarted process) sees the same records.
  {
    Journal again = MustOpen(dir / "journal");
    EXPECT_EQ(MustRead(again).records, c.records);
  }

  ASSERT_TRUE(j.Clear().ok());
  EXPECT_TRUE(MustRead(j).records.empty());
  EXPECT_EQ(ReadText(dir / "journal"), "");
  ASSERT_TRUE(j.Append({"after clear"}).ok());
  EXPECT_EQ(MustRead(j).records, (Records{"after clear"}));
}

TEST(Journal, RewriteKeepsOnlyTheGivenRecordsAndLaterAppendsFollowThem) {
  TempDir tmp;
  std::string path = tmp / "journal";
  Journal j = MustOpen(path);
  ASSERT_TRUE(j.Append({"a", "b", "c"}).ok());
  ASSERT_TRUE(j.Rewrite({"b"}).ok());
  EXPECT_EQ(MustRead(j).records, Records({"b"}));
  ASSERT_TRUE(j.Append({"d"}).ok());
  EXPECT_EQ(MustRead(j).records, Records({"b", "d"}));
  // Another reader of the file sees the same, and no temporary file is left.
  EXPECT_EQ(MustRead(MustOpen(path)).records, Records({"b", "d"}));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()),
                          std::filesystem::directory_iterator()),
            1);
  ASSERT_TRUE(j.Rewrite({}).ok());
  EXPECT_TRUE(MustRead(j).records.empty());
  EXPECT_EQ(ReadText(path), "");
}

TEST(Journal, MovedJournalKeepsWorking) {
  TempDir dir;
  Journal a = MustOpen(dir / "journal");
  Journal b = std::move(a);
  ASSERT_TRUE(b.Append({"x"}).ok());
  Journal c;
  c = std::move(b);
  ASSERT_TRUE(c.Append({"y"}).ok());
  EXPECT_EQ(MustRead(c).records, (Records{"x", "y"}));
}

TEST(Journal, OpenInAMissingFolderFailsNamingThePath) {
  TempDir dir;
  std::string path = dir / "no/such/dir/journal";
  EXPECT_TRUE(Fails(Journal::Open(path).status(), StatusCode::kIo,
                    {path, "cannot open journal"}));
}

TEST(Journal, TornTailIsDroppedAndCounted) {
  TempDir dir;
  const std::string path = dir / "journal";
  {
    Journal j = MustOpen(path);
    ASSERT_TRUE(j.Append({"one", "two"}).ok());
  }
  const std::string intact = ReadText(path);
  // A crash mid-append: part of a checksum, or a whole record but its newline.
  for (const std::string& tail : {std::string("0123"), std::string("0123456789abcdef thr"),
                                  std::string("0123456789abcdef three")}) {
    WriteText(path, intact + tail);
    Journal j = MustOpen(path);
    Journal::Contents c = MustRead(j);
    EXPECT_EQ(c.records, (Records{"one", "two"})) << tail;
    EXPECT_EQ(c.damaged.size(), 1u) << tail;
  }
}

TEST(Journal, CorruptedMiddleRecordIsDroppedAndOthersKept) {
  TempDir dir;
  const std::string path = dir / "journal";
  Journal j = MustOpen(path);
  ASSERT_TRUE(j.Append({"alpha", "bravo", "charlie"}).ok());
  const std::string intact = ReadText(path);

  std::string bad = intact;
  bad[bad.find("bravo")] = 'B';  // the record's text
  WriteText(path, bad);
  Journal::Contents c = MustRead(j);
  EXPECT_EQ(c.records, (Records{"alpha", "charlie"}));
  EXPECT_EQ(c.damaged.size(), 1u);

  bad = intact;
  size_t second = intact.find('\n') + 1;
  bad[second] = bad[second] == '0' ? '1' : '0';  // the record's checksum
  WriteText(path, bad);
  c = MustRead(j);
  EXPECT_EQ(c.records, (Records{"alpha", "charlie"}));
  EXPECT_EQ(c.damaged.size(), 1u);

  // A line too short to hold a checksum, and one without the separator.
  WriteText(path, intact.substr(0, second) + "garbage\n" + std::string(17, 'x') + "\n" +
                      intact.substr(second));
  c = MustRead(j);
  EXPECT_EQ(c.records, (Records{"alpha", "bravo", "charlie"}));
  EXPECT_EQ(c.damaged.size(), 2u);
}

TEST(Journal, RecordAppendedAfterATornTailIsKept) {
  TempDir dir;
  const std::string path = dir / "journal";
  {
    Journal j = MustOpen(path);
    ASSERT_TRUE(j.Append({"one"}).ok());
  }
  AppendRaw(path, "0123456789abcdef tw");  // torn by a crash, never acknowledged
  Journal j = MustOpen(path);
  ASSERT_TRUE(j.Append({"three"}).ok());  // acknowledged
  Journal::Contents c = MustRead(j);
  EXPECT_EQ(c.records, (Records{"one", "three"}));
}

// The record the child writes as number `n`; lengths vary so records straddle
// page boundaries.
std::string NumberedRecord(int64_t n) {
  return "{\"n\":" + std::to_string(n) + ",\"pad\":\"" + std::string(static_cast<size_t>(n % 97), 'x') +
         "\"}";
}

bool ReadFull(int fd, void* buf, size_t size) {
  auto* p = static_cast<char*>(buf);
  while (size > 0) {
    ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// A child process appends numbered records one at a time and reports, after
// each Append returned ok, how many records it has acknowledged. The parent
// kills it with SIGKILL at a random moment; every acknowledged record must then
// be in the journal, in order. The journal is reused across rounds, as after a
// real crash and restart.
TEST(Journal, KillDuringAppendsLosesNoAcknowledgedRecord) {
  TempDir dir;
  const std::string path = dir / "journal";
  std::mt19937 rng(20240501);
  int64_t next = 0;  // the number the next child starts from
  const int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // Child: no gtest, no exit handlers.
      ::close(fds[0]);
      Result<Journal> j = Journal::Open(path);
      if (!j.ok()) ::_exit(2);
      for (int64_t n = next;; ++n) {
        if (!j->Append({NumberedRecord(n)}).ok()) ::_exit(3);
        int64_t acked = n + 1;  // records 0..n are acknowledged
        if (::write(fds[1], &acked, sizeof acked) != sizeof acked) ::_exit(4);
      }
    }
    ::close(fds[1]);

    const int64_t min_acks = 150 + static_cast<int64_t>(rng() % 150);
    int64_t acked = next;
    int64_t value = 0;
    while (acked < next + min_acks && ReadFull(fds[0], &value, sizeof value)) acked = value;
    ASSERT_GE(acked, next + min_acks) << "child died early in round " << round;
    // Kill at a random moment: right away, or after a delay of up to 20 ms.
    auto delay = std::chrono::microseconds(round == 0 ? 0 : rng() % 20000);
    std::this_thread::sleep_for(delay);
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    // Acks written before the child died count too.
    while (ReadFull(fds[0], &value, sizeof value)) acked = value;
    ::close(fds[0]);
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL)
        << "child exited with " << wstatus << " in round " << round;

    Journal reader = MustOpen(path);
    Journal::Contents c = MustRead(reader);
    ASSERT_GE(static_cast<int64_t>(c.records.size()), acked)
        << "round " << round << ": " << acked << " acknowledged, " << c.records.size()
        << " in the journal (" << c.damaged.size() << " damaged)";
    // The prefix property: records are exactly 0, 1, 2, ... in order (a record
    // written but not yet acknowledged may follow the acknowledged ones).
    for (size_t i = 0; i < c.records.size(); ++i)
      ASSERT_EQ(c.records[i], NumberedRecord(static_cast<int64_t>(i)))
          << "round " << round << ", record " << i;
    next = static_cast<int64_t>(c.records.size());
  }
}

// Found by fuzzing (tests/fuzz/crashes/journal): a record cut just before
// its line break was dropped by ReadAll, and came back whole once the next
// append wrote a line break after it.
TEST(Journal, ARecordTornBeforeItsLineBreakStaysDroppedAfterAnAppend) {
  TempDir dir;
  const std::string path = dir / "journal";
  const std::string other = dir / "other";
  {
    Journal j = MustOpen(path);
    ASSERT_TRUE(j.Append({"one"}).ok());
    Journal k = MustOpen(other);
    ASSERT_TRUE(k.Append({"two"}).ok());
  }
  std::string whole_two = ReadText(other);
  AppendRaw(path, whole_two.substr(0, whole_two.size() - 1));  // all but the line break
  Journal j = MustOpen(path);
  Journal::Contents before = MustRead(j);
  EXPECT_EQ(before.records, (Records{"one"}));
  EXPECT_EQ(before.damaged.size(), 1u);
  ASSERT_TRUE(j.Append({"three"}).ok());
  Journal::Contents after = MustRead(j);
  EXPECT_EQ(after.records, (Records{"one", "three"}));
  EXPECT_EQ(after.damaged.size(), 0u);
}

}  // namespace
}  // namespace taxa::core

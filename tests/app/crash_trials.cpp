#include "app/crash_trials.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "support/test_support.h"

namespace taxa::testing {

namespace {

using Clock = std::chrono::steady_clock;

// A label key (item, annotator) and the values its current label may hold.
using Key = std::pair<std::string, std::string>;

const char* const kCategories[] = {"billing.refund_request", "shipping.delayed", "account",
                                   "billing", "shipping"};
const char* const kKinds[] = {"label", "import", "sync", "bundle apply", "labels import"};

struct Run {
  int exit_code = -1;  // -1 when the kill stopped it
  double seconds = 0;
};

class Trials {
 public:
  explicit Trials(const CrashOptions& o) : o_(o), rng_(o.seed) {}

  CrashOutcome Go() {
    if (!Setup()) return out_;
    for (int t = 0; t < o_.trials && out_.violations.empty(); ++t) {
      int kind = t % CrashOutcome::kCommands;
      const int killed_before = out_.killed;
      if (kind == 0) LabelTrial(t);
      if (kind == 1) ImportTrial(t);
      if (kind == 2) SyncTrial(t);
      if (kind == 3) BundleTrial(t);
      if (kind == 4) LabelImportTrial(t);
      if (out_.killed > killed_before) ++out_.killed_in[kind];
      ++out_.trials;
      if (out_.violations.empty()) After(t, kKinds[kind]);
    }
    if (out_.violations.empty()) Finish();
    return out_;
  }

 private:
  std::string Dir(const std::string& name) const { return o_.dir + "/" + name; }

  // Runs `taxa ARGS` as TAXA_USER=tester; a command that must succeed.
  bool Taxa(const std::string& args, std::string* out = nullptr) {
    CommandResult r = RunCommand("cd " + o_.dir + " && TAXA_USER=tester " + o_.taxa + " " + args);
    if (out != nullptr) *out = r.out;
    if (r.exit_code != 0) Violation("taxa " + args + " exited " + std::to_string(r.exit_code) +
                                    ": " + r.err);
    return r.exit_code == 0;
  }

  // Runs `taxa ARGS` and kills it with SIGKILL after `delay_s` unless it
  // ended first.
  Run Killed(const std::vector<std::string>& args, double delay_s) {
    Clock::time_point start = Clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
      int devnull = ::open("/dev/null", O_WRONLY);
      int err = ::open(LastErrorPath().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      ::dup2(devnull, STDOUT_FILENO);
      ::dup2(err >= 0 ? err : devnull, STDERR_FILENO);
      ::setenv("TAXA_USER", "tester", 1);
      if (::chdir(o_.dir.c_str()) != 0) ::_exit(126);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(o_.taxa.c_str()));
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(o_.taxa.c_str(), argv.data());
      ::_exit(127);
    }
    Run run;
    int status = 0;
    Clock::time_point deadline =
        start + std::chrono::microseconds(static_cast<int64_t>(delay_s * 1e6));
    while (::waitpid(pid, &status, WNOHANG) == 0) {
      if (Clock::now() >= deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (WIFEXITED(status)) {
      run.exit_code = WEXITSTATUS(status);
      ++out_.completed;
    } else {
      ++out_.killed;
    }
    return run;
  }

  // Follows how long a command takes when it is not killed (a moving
  // average: one slow run on a loaded machine must not push every later
  // kill past the end of the command).
  static void Learn(double& typical, double seconds) { typical = 0.7 * typical + 0.3 * seconds; }

  // A delay somewhere inside a command that takes about `typical` seconds.
  double Delay(double typical) {
    return std::uniform_real_distribution<double>(0.0, typical * 1.1)(rng_);
  }

  // Where the last killed-or-not command wrote its stderr.
  std::string LastErrorPath() const { return o_.dir + "/last-command.err"; }

  // A command run by Killed() that exited non-zero: a violation with its error.
  void Failed(int t, const char* what, int exit_code) {
    std::ifstream in(LastErrorPath());
    std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!err.empty() && err.back() == '\n') err.pop_back();
    Violation("trial " + std::to_string(t) + ": " + what + " exited " + std::to_string(exit_code) +
              ": " + err);
  }

  void Violation(const std::string& what) {
    if (out_.violations.size() < 20) out_.violations.push_back(what);
  }

  bool Setup() {
    if (!Taxa("demo a")) return false;
    if (RunCommand("git init -q --bare " + Dir("hub")).exit_code != 0) {
      Violation("git init --bare failed");
      return false;
    }
    return Taxa("-C a remote add origin " + Dir("hub")) && Taxa("-C a sync") &&
           Taxa("clone " + Dir("hub") + " b");
  }

  std::string Item() {
    char id[16];
    std::snprintf(id, sizeof id, "T-%05u", 1 + static_cast<unsigned>(rng_() % 300));
    return id;
  }
  std::string Category() { return kCategories[rng_() % 5]; }

  // A label that must be acknowledged.
  void Acknowledged(const std::string& dir, const std::string& item, const std::string& who,
                    const std::string& category) {
    if (!Taxa("-C " + dir + " label " + item + " " + category + " --as " + who)) return;
    allowed_[{item, who}] = {category};
    ++out_.acknowledged;
  }

  void LabelTrial(int t) {
    std::string item = Item(), category = Category();
    Run run = Killed({"-C", "a", "label", item, category, "--as", "alice"},
                     Delay(typical_label_));
    Key key{item, "alice"};
    if (run.exit_code == 0) {
      allowed_[key] = {category};
      ++out_.acknowledged;
      Learn(typical_label_, run.seconds);
    } else if (run.exit_code > 0) {
      Failed(t, "label", run.exit_code);
    } else {
      // Not acknowledged: it may or may not have been recorded.
      std::set<std::string>& values = allowed_[key];
      if (values.empty()) values.insert("");
      values.insert(category);
    }
  }

  void ImportTrial(int t) {
    std::string name = "batch" + std::to_string(t);
    std::string file = Dir(name + ".jsonl");
    std::string lines;
    for (int n = 0; n < 200; ++n)
      lines += "{\"id\": \"" + name + "-" + std::to_string(n) + "\", \"text\": \"crash trial " +
               std::to_string(t) + " item " + std::to_string(n) + "\"}\n";
    WriteText(file, lines);
    Run run = Killed({"-C", "a", "import", file}, Delay(typical_import_));
    if (run.exit_code == 0) Learn(typical_import_, run.seconds);
    if (run.exit_code > 0)
      Failed(t, "import", run.exit_code);
    imports_.push_back({name, run.exit_code == 0});
  }

  // A delivery of labels by annotators of its own (d<t>-0..3), each labeling
  // every item: in the project whole or not at all.
  void LabelImportTrial(int t) {
    const std::string name = "d" + std::to_string(t);
    std::string csv;
    for (int who = 0; who < kDeliveryAnnotators; ++who)
      for (unsigned n = 1; n <= 300; ++n) {
        char item[16];
        std::snprintf(item, sizeof item, "T-%05u", n);
        csv += std::string(item) + "," + name + "-" + std::to_string(who) + "," + Category() +
               "\n";
      }
    const std::string file = Dir(name + ".csv");
    WriteText(file, csv);
    Run run = Killed({"-C", "a", "labels", "import", file}, Delay(typical_labels_import_));
    if (run.exit_code == 0) Learn(typical_labels_import_, run.seconds);
    if (run.exit_code > 0) Failed(t, "labels import", run.exit_code);
    deliveries_.push_back({name, run.exit_code == 0});
  }

  void SyncTrial(int t) {
    // Both sides change, so a's sync fetches, merges and pushes.
    Acknowledged("b", Item(), "bob", Category());
    if (!Taxa("-C b sync")) return;
    Acknowledged("a", Item(), "alice", Category());
    Run run = Killed({"-C", "a", "sync"}, Delay(typical_sync_));
    if (run.exit_code == 0) Learn(typical_sync_, run.seconds);
    if (run.exit_code > 0)
      Failed(t, "sync", run.exit_code);
  }

  void BundleTrial(int t) {
    Acknowledged("b", Item(), "bob", Category());
    std::string bundle = Dir("t" + std::to_string(t) + ".bundle");
    if (!Taxa("-C b bundle create " + bundle)) return;
    Run run = Killed({"-C", "a", "bundle", "apply", bundle}, Delay(typical_bundle_));
    if (run.exit_code == 0) Learn(typical_bundle_, run.seconds);
    if (run.exit_code > 0)
      Failed(t, "bundle apply", run.exit_code);
  }

  // What `taxa -C DIR export` holds: each label's categories, and item ids.
  bool Export(const std::string& dir, std::map<Key, std::string>& labels,
              std::set<std::string>& items) {
    std::string text;
    if (!Taxa("-C " + dir + " export", &text)) return false;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) {
        Violation(dir + ": export wrote a line that is not JSON: " + line);
        return false;
      }
      std::string id = j["id"].get<std::string>();
      items.insert(id);
      for (const auto& [who, cats] : j["labels"].items()) {
        std::string joined;
        for (const auto& c : cats) joined += (joined.empty() ? "" : ";") + c.get<std::string>();
        labels[{id, who}] = joined;
      }
    }
    return true;
  }

  // Every label holds an allowed value; every import is whole or absent.
  // `skip` names an annotator whose labels may not have arrived yet.
  void CheckState(const std::string& dir, const std::string& when, const std::string& skip) {
    std::map<Key, std::string> labels;
    std::set<std::string> items;
    if (!Export(dir, labels, items)) return;
    for (const auto& [key, values] : allowed_) {
      if (key.second == skip) continue;
      auto it = labels.find(key);
      std::string now = it == labels.end() ? "" : it->second;
      if (!values.count(now))
        Violation(when + ": " + dir + " holds " + key.first + " by " + key.second + " as \"" +
                  now + "\", not one of the values it may hold");
    }
    for (const auto& [name, acknowledged] : deliveries_) {
      int present = 0;
      for (const auto& [key, categories] : labels)
        present += key.second.starts_with(name + "-") ? 1 : 0;
      const int whole = 300 * kDeliveryAnnotators;
      if (present != 0 && present != whole)
        Violation(when + ": " + dir + " holds " + std::to_string(present) + " of the " +
                  std::to_string(whole) + " labels of delivery " + name +
                  " (a labels import is all or nothing)");
      if (acknowledged && present != whole)
        Violation(when + ": " + dir + " lacks the acknowledged labels import " + name);
    }
    for (const auto& [name, acknowledged] : imports_) {
      int present = 0;
      for (int n = 0; n < 200; ++n) present += items.count(name + "-" + std::to_string(n));
      if (present != 0 && present != 200)
        Violation(when + ": " + dir + " holds " + std::to_string(present) + " of the 200 items of " +
                  name + " (an import is all or nothing)");
      if (acknowledged && present != 200)
        Violation(when + ": " + dir + " lacks the acknowledged import " + name);
    }
  }

  void Fsck(const std::string& dir, const std::string& when) {
    CommandResult r = RunCommand("git -C " + Dir(dir) + " fsck --strict 2>&1");
    if (r.exit_code != 0) Violation(when + ": git fsck --strict in " + dir + ": " + r.out);
  }

  void After(int t, const char* kind) {
    std::string when = "after trial " + std::to_string(t) + " (" + kind + ")";
    // A reader answers whatever the kill left.
    if (!Taxa("-C a status")) return;
    // The next writer works and leaves the work tree clean.
    Acknowledged("a", Item(), "carol", Category());
    CommandResult status = RunCommand("git -C " + Dir("a") + " status --porcelain");
    if (!status.out.empty()) Violation(when + ": the work tree is not clean:\n" + status.out);
    // Bob's labels reach a only through syncs and bundles: checked at the end.
    CheckState("a", when, /*skip=*/"bob");
    if ((t + 1) % o_.fsck_every == 0) Fsck("a", when);
  }

  void Finish() {
    if (!Taxa("-C a sync") || !Taxa("-C b sync") || !Taxa("-C a sync")) return;
    std::string head_a = RunCommand("git -C " + Dir("a") + " rev-parse HEAD").out;
    std::string head_b = RunCommand("git -C " + Dir("b") + " rev-parse HEAD").out;
    if (head_a != head_b) Violation("at the end a and b hold different commits");
    CheckState("a", "at the end", "");
    CheckState("b", "at the end", "");
    // What a shows (its index) is what its commits hold: b has them only
    // through the hub.
    std::map<Key, std::string> labels_a, labels_b;
    std::set<std::string> items_a, items_b;
    if (Export("a", labels_a, items_a) && Export("b", labels_b, items_b) && labels_a != labels_b)
      Violation("at the end a and b show different labels (" + std::to_string(labels_a.size()) +
                " and " + std::to_string(labels_b.size()) + ")");
    Fsck("a", "at the end");
    Fsck("b", "at the end");
  }

  const CrashOptions& o_;
  std::mt19937_64 rng_;
  CrashOutcome out_;
  std::map<Key, std::set<std::string>> allowed_;
  std::vector<std::pair<std::string, bool>> imports_;  // batch name, acknowledged
  static constexpr int kDeliveryAnnotators = 4;
  std::vector<std::pair<std::string, bool>> deliveries_;  // labels import name, acknowledged
  // How long each command took when it was not killed, so kills land inside.
  double typical_label_ = 0.3, typical_import_ = 0.5, typical_sync_ = 0.6,
         typical_bundle_ = 0.6, typical_labels_import_ = 0.5;
};

}  // namespace

std::string KilledByCommand(const CrashOutcome& o) {
  std::string s;
  for (int k = 0; k < CrashOutcome::kCommands; ++k)
    s += (k ? ", " : "") + std::to_string(o.killed_in[k]) + " in " + kKinds[k];
  return s;
}

std::string CrashOutcome::Describe() const {
  std::string s = std::to_string(trials) + " trials, " + std::to_string(killed) +
                  " killed mid-command (" + KilledByCommand(*this) + "), " +
                  std::to_string(completed) + " completed, " +
                  std::to_string(acknowledged) + " labels acknowledged";
  for (const std::string& v : violations) s += "\n  " + v;
  return s;
}

CrashOutcome RunCrashTrials(const CrashOptions& options) { return Trials(options).Go(); }

}  // namespace taxa::testing

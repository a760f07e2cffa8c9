// verify, users key: signed approvals and releases (session/signatures.h).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli.h"
#include "session/json.h"
#include "session/signatures.h"

#include "taxa/core/fs.h"

namespace taxa::cli {

namespace {

int AddKey(const Globals& g, const std::string& name, const std::string& file) {
  Result<std::string> text = core::ReadFile(file);
  if (!text.ok()) return Fail(text.status());
  auto s = OpenProject(g, app::OpenMode::kWrite);
  if (!s) return 1;
  if (Status st = app::Signatures(*s).AddKey(name, *text, file); !st.ok()) return Fail(st);
  std::printf("Added %s's signing key from %s to taxa.json (committed).\n", name.c_str(),
              file.c_str());
  return 0;
}

int WriteAllowedSigners(const Globals& g, const std::string& file) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<std::string> text = app::Signatures(*s).AllowedSigners();
  if (!text.ok()) return Fail(text.status());
  if (Status st = core::WriteFileAtomic(file, *text); !st.ok()) return Fail(st);
  size_t lines = static_cast<size_t>(std::count(text->begin(), text->end(), '\n'));
  // git reads the setting from anywhere: name the file absolutely.
  std::string where = std::filesystem::absolute(file).lexically_normal().string();
  if (g.json) {
    std::cout << nlohmann::ordered_json{{"file", where}, {"keys", lines}}.dump() << "\n";
    return 0;
  }
  std::printf("Wrote %zu key%s to %s. For git: git config gpg.format ssh && "
              "git config gpg.ssh.allowedSignersFile %s\n",
              lines, lines == 1 ? "" : "s", where.c_str(), where.c_str());
  return 0;
}

int Verify(const Globals& g) {
  auto s = OpenProject(g, app::OpenMode::kReadOnly);
  if (!s) return 1;
  Result<app::VerifyReport> report = app::Signatures(*s).Verify();
  if (!report.ok()) return Fail(report.status());
  if (g.json) {
    std::cout << app::ToJson(*report).dump() << "\n";
    return report->failed.empty() ? 0 : 1;
  }
  if (report->failed.empty()) {
    std::printf("All %zu approval and release commits are signed by keys taxa.json lists "
                "for their authors.\n",
                report->checked);
    return 0;
  }
  std::printf("%zu of %zu approval and release commits fail verification:\n",
              report->failed.size(), report->checked);
  for (const app::SignedCommitCheck& c : report->failed)
    std::printf("  %s %s by %s (%s): %s\n", c.commit.c_str(), c.action.c_str(), c.author.c_str(),
                c.subject.c_str(), c.problem.c_str());
  return 1;
}

}  // namespace

void AddSigningCommands(CLI::App& app, Globals& g, Action& action) {
  auto* verify = app.add_subcommand(
      "verify",
      "Check that every approval and release (main and proposals) is signed by a key "
      "taxa.json lists for its author; exit 1 naming those that are not");
  auto allowed = std::make_shared<std::string>();
  auto* allowed_opt = verify->add_option(
      "--allowed-signers", *allowed,
      "Instead, write git's allowed-signers file (gpg.ssh.allowedSignersFile) from the keys "
      "taxa.json lists for people who hold a role");
  verify->callback([&, allowed, allowed_opt] {
    if (allowed_opt->count() > 0)
      action = [&g, allowed] { return WriteAllowedSigners(g, *allowed); };
    else
      action = [&g] { return Verify(g); };
  });

  // Joins `taxa users` (user_commands.cpp registers it first).
  CLI::App* users = app.get_subcommand("users");
  auto* key = users->add_subcommand(
      "key", "Add NAME's ed25519 public key (a .pub file) to taxa.json: it signs their commits");
  auto name = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  key->add_option("NAME", *name, "The person's name")->required();
  key->add_option("PUBKEY-FILE", *file, "Their public key file, e.g. ~/.ssh/id_ed25519.pub")
      ->required();
  key->callback([&, name, file] {
    action = [&g, name, file] { return AddKey(g, *name, *file); };
  });
}

}  // namespace taxa::cli

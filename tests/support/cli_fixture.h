// A fixture for running the taxa binary end to end in a temporary folder, as
// a person would at a shell: `Taxa("-C p status")`, `Ok(...)` when it must
// succeed, `Git("p log")` for git in a folder under it.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"

namespace taxa::testing {

class CliFixture : public ::testing::Test {
 protected:
  // Runs `taxa ARGS` in the temporary folder as the user "tester".
  CommandResult Taxa(const std::string& args) {
    return RunCommand("cd " + tmp_.path() + " && TAXA_USER=tester " TAXA_BINARY_DIR "/taxa " +
                      args);
  }
  // Runs a command that must succeed and returns its standard output.
  std::string Ok(const std::string& args) {
    CommandResult r = Taxa(args);
    EXPECT_EQ(r.exit_code, 0) << "taxa " << args << "\n" << r.err;
    return r.out;
  }
  // Runs `git -C TMP/ARGS` (ARGS starts with a folder under the temporary one).
  std::string Git(const std::string& args) {
    CommandResult r = RunCommand("git -C " + tmp_.path() + "/" + args);
    EXPECT_EQ(r.exit_code, 0) << "git " << args << "\n" << r.err;
    return r.out;
  }

  // A project in `dir` with categories billing, billing.refund and shipping
  // and items t1..t4.
  void MakeTicketsProject(const std::string& dir) {
    Ok("init " + dir + " --name 'Support tickets'");
    Ok("-C " + dir + " taxonomy add billing --name Billing --definition 'About money'");
    Ok("-C " + dir + " taxonomy add billing.refund --name Refund --parent billing "
       "--definition 'Wants money back'");
    Ok("-C " + dir + " taxonomy add shipping --name Shipping --definition 'Parcels'");
    WriteText(tmp_ / "items.jsonl",
              "{\"id\": \"t1\", \"text\": \"I want a refund\"}\n"
              "{\"id\": \"t2\", \"text\": \"Where is my parcel?\"}\n"
              "{\"id\": \"t3\", \"text\": \"Charged twice\"}\n"
              "{\"id\": \"t4\", \"text\": \"Box arrived broken\"}\n");
    Ok("-C " + dir + " import items.jsonl");
  }

  // Makes a bare repository `hub`, syncs the project in `a` to it and clones
  // it as `b`: two replicas that meet through a hub.
  void ShareThroughHub() {
    ASSERT_EQ(RunCommand("git init -q --bare " + tmp_ / "hub").exit_code, 0);
    Ok("-C a remote add origin " + tmp_ / "hub");
    Ok("-C a sync");
    Ok("clone " + tmp_ / "hub" + " b");
  }

  TempDir tmp_;
};

}  // namespace taxa::testing

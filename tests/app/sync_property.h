// The sync property, run for one random seed: replicas of one project make
// random label events and taxonomy edits and sync with a bare hub in a random
// order; at the end, after every replica has synced twice in turn,
//  - every replica holds the same HEAD (so byte-identical trees);
//  - the label events in that tree are exactly the events ever acknowledged;
//  - each replica's index counts them all;
//  - every two writes of one field with different values that no later
//    write of that field replaced (so neither replica had seen the other's)
//    left a conflict record for that file and field.
// Used by the session tests (a few seeds) and the benchmark (hundreds).
//
//   PropertyOutcome o = RunSyncProperty({.seed = 7, .dir = tmp.path()});
//   EXPECT_TRUE(o.violations.empty()) << o.Describe();
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace taxa::testing {

struct PropertyOptions {
  uint64_t seed = 1;
  std::string dir;     // an empty folder to work in
  int replicas = 3;
  int steps = 60;      // random operations before the final round of syncs
};

struct PropertyOutcome {
  size_t events = 0;      // label events acknowledged
  size_t edits = 0;       // taxonomy writes (field edits, moves, additions)
  size_t syncs = 0;       // syncs run, the final rounds included
  size_t concurrent = 0;  // pairs of concurrent, unreplaced writes of one field
  size_t conflicts = 0;   // conflict records in the final tree
  std::vector<std::string> violations;  // empty when the property holds
  std::string Describe() const;
};

// Runs the property for `options.seed`. An operation that fails unexpectedly
// is itself a violation (the run stops there).
PropertyOutcome RunSyncProperty(const PropertyOptions& options);

}  // namespace taxa::testing

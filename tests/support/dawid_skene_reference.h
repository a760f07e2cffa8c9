// An independent Dawid & Skene (1979) implementation for the tests: the
// paper's EM written out in numpy, run by Debian's /usr/bin/python3 on
// (item \t annotator \t value) lines, so a test can hold core::DawidSkene and
// everything built on it to numbers our code did not produce.
//
//   if (std::string why = MissingPython("numpy"); !why.empty()) GTEST_SKIP() << why;
//   std::map<std::string, double> want =
//       NumpyDawidSkene(Tsv(data), 0.01, ds->iterations, core::DawidSkeneStart::kMajorityVote);
//   EXPECT_NEAR(ds->priors[j], want["prior_" + ds->classes[j]], 1e-9);
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "taxa/core/aggregation.h"

namespace taxa::testing {

// Runs exactly `iterations` EM iterations (M-step, then E-step, as
// core::DawidSkene counts them; no tolerance) with `smoothing` added to every
// class count and confusion cell, starting from `start`, on `tsv` (one
// "item\tannotator\tvalue" line per rating). Classes are the values that
// occur. Returns, keyed by name:
//   ll_<t>                         objective after iteration t (0-based)
//   prior_<class>                  class probability
//   post_<item>_<class>            P(item is class | data)
//   pi_<annotator>_<truth>_<answer>  P(annotator answers answer | truth)
// Names must hold no whitespace. A failing script is a test failure
// (EXPECT); the map is then short or empty. REQUIRES: /usr/bin/python3
// imports numpy (check with MissingPython("numpy") first).
std::map<std::string, double> NumpyDawidSkene(const std::string& tsv, double smoothing,
                                              size_t iterations, core::DawidSkeneStart start);

}  // namespace taxa::testing

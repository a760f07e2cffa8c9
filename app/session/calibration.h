// Calibration: rounds in which chosen annotators all label one seeded sample
// of items, to measure and compare their agreement over time
// (calibration/<name>.json; types in quality.h).
//
//   Calibration calibration(*project);
//   TAXA_ASSIGN_OR_RETURN(CalibrationRound r, calibration.Start({.name = "r1", .items = 50,
//                                                                .annotators = {"ann", "bob"}}));
//   TAXA_ASSIGN_OR_RETURN(CalibrationReport report, calibration.Report("r1"));
#pragma once

#include <string>
#include <vector>

#include "session/project.h"
#include "session/quality.h"

namespace taxa::app {

// The calibration round that waits for the project's user: the first by
// name that lists them and has items they have not labeled yet.
struct RoundWaiting {
  CalibrationRound round;
  size_t labeled = 0;     // of the round's items, by the user
  size_t more = 0;        // other rounds that also wait for the user
  std::string next_item;  // the round's first item the user has not labeled
  int64_t next_ord = -1;  // its position in the project
};

class Calibration {
 public:
  explicit Calibration(Project& project);

  // Draws a seeded sample of items and commits calibration/<name>.json
  // (Taxa-Action: calibrate.start). kAlreadyExists for a name in use;
  // kInvalidInput for a bad name, a stratified plan without a key, no items
  // or more than the project has, or fewer than two annotators.
  Result<CalibrationRound> Start(const CalibrationStart& request);
  // The rounds at HEAD, by name. A malformed file fails naming it.
  Result<std::vector<CalibrationRound>> Rounds();
  // Agreement, confusion and standings of the round's annotators on its
  // items (kNotFound for an unknown round).
  Result<CalibrationReport> Report(const std::string& name);
  // The round that waits for the project's user; nullopt when none does.
  Result<std::optional<RoundWaiting>> Waiting();
  // The round that holds `item` and lists the project's user (the first by
  // name; `more` counts the others that do), with how far the user has come
  // in it; nullopt when no round does. While the user has not labeled the
  // item, others' labels of it are withheld (Labeling::LabelsOf).
  Result<std::optional<RoundWaiting>> RoundOf(const std::string& item);
  // Alpha overall and per category in two rounds, side by side (kNotFound
  // for an unknown round).
  Result<RoundComparison> Compare(const std::string& first, const std::string& second);

 private:
  ProjectState& s_;
};

}  // namespace taxa::app

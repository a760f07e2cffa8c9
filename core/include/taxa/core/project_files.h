// What a valid project file is: the rules a copy applies to every file a
// peer brings (sync, bundles) before taking it in, so that nothing it takes
// in can stop it from opening, exporting or labeling.
//
//   TAXA_RETURN_IF_ERROR(CheckProjectFile(path, bytes));
//   // ... and, where taxonomy/ changed, the taxonomy as a whole:
//   TAXA_RETURN_IF_ERROR(CheckProjectTaxonomy(files_under_taxonomy));
//
// Paths follow core/layout.h. The decoders are the ones the project itself
// reads with (DecodeSettings, DecodeCategory, DecodeEventLine, ...), so a
// file that passes here is one Taxa reads. No I/O; safe from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "taxa/core/status.h"

namespace taxa::core {

class DecodedSegments;

// Checks the bytes of the file at `path`: its path is one of the repository
// format (ClassifyProjectPath) and its content reads as that kind of file:
//  - taxa.json: DecodeSettings; categories and attributes: DecodeCategory /
//    DecodeAttribute (the id matches the file name); releases: DecodeRelease;
//    conflicts: DecodeConflict; calibration rounds: the fields a round has;
//    plans: a JSON object; docs/datasheet.md: UTF-8 text;
//  - item shards: a whole zstd frame (checksum on) of item lines
//    (DecodeItemLine);
//  - label and gold segments: a whole zstd frame of event lines, each one
//    decoding with an id that matches its content (DecodeEventLine) and
//    naming the annotator and device of its folder; review segments: a whole
//    zstd frame of JSON objects with a string "id";
//  - predictions files: core::CheckPredictionsFile (a whole zstd frame whose
//    hash is the one in its name, every line a prediction).
// `before`, when given, is the same path's bytes in the parent commit,
// already checked (or trusted): for a segment, only the lines it does not
// hold are decoded, so a segment that grows by one event costs one event.
// kInvalidInput for an unknown path, kCorrupt for content that does not
// read; the message is one line that starts with `path` (and the line
// number for JSON Lines files). With `keep`, a label or gold segment whose
// every line was decoded (no `before`) leaves its events there for the index.
Status CheckProjectFile(std::string_view path, std::string_view bytes,
                        std::optional<std::string_view> before = std::nullopt,
                        DecodedSegments* keep = nullptr);

// Checks a whole taxonomy, given every file under taxonomy/categories/ and
// taxonomy/attributes/ (path -> bytes; other paths are ignored): it decodes
// (DecodeTaxonomy) and its structure holds together: each parent,
// replacement and attribute a category names exists, and no parents form a
// cycle. These are what a merge never produces (it restores what is still
// referred to and reverts moves that make a cycle), so only a hand-made
// commit fails them. Two siblings with one name, a replacement that is
// itself deprecated, or an active category without a definition can come
// out of a legitimate merge (and are then recorded as conflicts), so they
// are left to `taxa taxonomy validate`. kCorrupt naming the category.
Status CheckProjectTaxonomy(const std::map<std::string, std::string>& files);

}  // namespace taxa::core

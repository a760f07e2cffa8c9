#include "support/dawid_skene_reference.h"

#include <cstdio>

#include "support/ratings_checks.h"

namespace taxa::testing {
namespace {

// The 1979 algorithm written out in numpy, in probability space (the paper's
// products, not our logs): argv[2] smoothing, argv[3] iterations, argv[4]
// "majority" or "shares". Classes, items and annotators are named, not coded.
constexpr const char* kNumpyDawidSkene = R"(
import numpy as np
s, iterations, start = float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
items = list(dict.fromkeys(r[0] for r in rows))
anns = list(dict.fromkeys(r[1] for r in rows))
classes = list(dict.fromkeys(r[2] for r in rows))
I, A, K = len(items), len(anns), len(classes)
n = np.zeros((I, A, K))
for i, a, v in rows:
    n[items.index(i), anns.index(a), classes.index(v)] += 1
votes = n.sum(axis=1)
if start == 'shares':
    T = votes / votes.sum(axis=1, keepdims=True)
else:
    T = (votes == votes.max(axis=1, keepdims=True)).astype(float)
    T /= T.sum(axis=1, keepdims=True)
for it in range(iterations):
    p = (T.sum(axis=0) + s) / (I + K * s)
    counts = np.einsum('ij,ial->ajl', T, n) + s
    total = counts.sum(axis=2, keepdims=True)
    pi = np.where(total > 0, counts / np.where(total > 0, total, 1), 1.0 / K)
    # p_j prod_a prod_l pi[a, j, l] ** n[i, a, l], with 0 ** 0 = 1.
    w = p[None, :] * np.prod(pi[None, :, :, :] ** n[:, :, None, :], axis=(1, 3))
    L = w.sum(axis=1)
    T = w / L[:, None]
    ll = np.log(L).sum()
    if s > 0:
        ll += s * (np.log(p).sum() + np.log(pi).sum())
    print('ll_%d' % it, repr(ll))
for j in range(K):
    print('prior_' + classes[j], repr(p[j]))
for i in range(I):
    for j in range(K):
        print('post_%s_%s' % (items[i], classes[j]), repr(T[i, j]))
for a in range(A):
    for j in range(K):
        for l in range(K):
            print('pi_%s_%s_%s' % (anns[a], classes[j], classes[l]), repr(pi[a, j, l]))
)";

}  // namespace

std::map<std::string, double> NumpyDawidSkene(const std::string& tsv, double smoothing,
                                              size_t iterations, core::DawidSkeneStart start) {
  // %.17g round-trips the double, so Python smooths by exactly our value.
  char s[32];
  std::snprintf(s, sizeof s, "%.17g", smoothing);
  const std::string args = std::string("'") + s + "', '" + std::to_string(iterations) + "', '" +
                           (start == core::DawidSkeneStart::kVoteShares ? "shares" : "majority") +
                           "'";
  return RunPython("import sys\nsys.argv += [" + args + "]\n" + kReadTsv + kNumpyDawidSkene, tsv);
}

}  // namespace taxa::testing

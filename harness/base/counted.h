// A count with its noun in the right number ("1 scenario", "2 scenarios"),
// for every line that prints how many of something there are: the summary,
// --list, validate, merge-reports, the manual check.
#pragma once

#include <string>
#include <string_view>

namespace proofup {

// "<n> <singular>" when n is 1, else "<n> <plural>"; `plural` defaults to
// `singular` + "s" (give it for "stap"/"stappen", "entry"/"entries").
// Never fails; thread-safe.
std::string Counted(long long n, std::string_view singular, std::string_view plural = {});

// Only the noun of Counted: for "3/16 steps" or "1 of 2 scenarios", where the
// number before it is printed on its own.
std::string NounFor(long long n, std::string_view singular, std::string_view plural = {});

}  // namespace proofup

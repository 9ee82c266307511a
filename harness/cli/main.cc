#include <iostream>

#include "harness/cli/cli.h"

int main(int argc, char** argv) { return proofup::cli::RunCli(argc, argv, std::cout, std::cerr); }

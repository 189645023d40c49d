# Summaries of the draws in DIR/*.npy by R's posterior package, written
# to DIR/posterior-reference.csv with 17 significant digits; run by
# scripts/posterior-reference.sh, which makes the draws.
#
#	Rscript scripts/posterior-reference.R DIR [NUMPY_VERSION]
suppressPackageStartupMessages(library(posterior))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
numpy <- if (length(args) > 1) args[2] else "unknown"

# read_npy reads a little-endian float32 or float64 array [chains, draws,
# dim] (NumPy format 1.0, C order) as R's [draws, chains, dim], the layout
# of a draws_array.
read_npy <- function(path) {
  con <- file(path, "rb")
  on.exit(close(con))
  magic <- readBin(con, "raw", 6)
  stopifnot(identical(magic, as.raw(c(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59))))
  version <- readBin(con, "integer", 2, size = 1)
  stopifnot(version[1] == 1)
  len <- readBin(con, "integer", 1, size = 2, signed = FALSE, endian = "little")
  header <- rawToChar(readBin(con, "raw", len))
  descr <- sub(".*'descr': *'([^']*)'.*", "\\1", header)
  stopifnot(grepl("'fortran_order': *False", header))
  shape <- sub(".*'shape': *\\(([^)]*)\\).*", "\\1", header)
  shape <- as.integer(trimws(strsplit(shape, ",")[[1]]))
  stopifnot(length(shape) == 3)
  size <- switch(descr, "<f4" = 4, "<f8" = 8, stop("dtype ", descr))
  v <- readBin(con, "double", prod(shape), size = size, endian = "little")
  stopifnot(length(v) == prod(shape))
  # C order [chains, draws, dim] is R's (column-major) [dim, draws, chains].
  aperm(array(v, dim = rev(shape)), c(2, 3, 1))
}

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))

files <- sort(list.files(dir, pattern = "\\.npy$"))
rows <- character()
for (f in files) {
  a <- read_npy(file.path(dir, f))
  dimnames(a) <- list(NULL, NULL, paste0("x", seq_len(dim(a)[3]) - 1))
  s <- summarise_draws(
    as_draws_array(a),
    mean, sd, mcse_mean,
    ~quantile2(.x, probs = c(0.05, 0.5, 0.95)),
    rhat, ess_bulk, ess_tail
  )
  case <- sub("\\.npy$", "", f)
  for (i in seq_len(nrow(s))) {
    r <- s[i, ]
    vals <- c(r$mean, r$sd, r$mcse_mean, r$q5, r$q50, r$q95, r$ess_bulk, r$ess_tail, r$rhat)
    rows <- c(rows, paste(c(case, i - 1, fmt(vals)), collapse = ","))
  }
}

out <- file.path(dir, "posterior-reference.csv")
writeLines(c(
  "# Made by scripts/posterior-reference.sh: Rscript scripts/posterior-reference.R diag/testdata",
  sprintf("# posterior %s, matrixStats %s, %s; draws from numpy %s",
          packageVersion("posterior"), packageVersion("matrixStats"), R.version.string, numpy),
  "# summarise_draws(x, mean, sd, mcse_mean, ~quantile2(.x, probs = c(0.05, 0.5, 0.95)), rhat, ess_bulk, ess_tail)",
  "case,dim,mean,sd,mcse_mean,q5,q50,q95,ess_bulk,ess_tail,rhat",
  rows
), out)
cat("wrote", out, "\n")

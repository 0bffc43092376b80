# Reference values for services/statistics, computed with R's survival package.
# Usage: Rscript reference.R input.json output.json
# Input (written by the Java tests): {"km": [...], "logrank": [...], "proportions": [...], "funnel": [...]}.
# Output: the same lists with R's answers; NA/NaN become null, numbers at full precision.
suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
input <- fromJSON(args[1], simplifyVector = TRUE, simplifyDataFrame = FALSE, simplifyMatrix = FALSE)

# the table print(fit) shows (survival:::survmean, as print.survfit calls it), as a named vector
print_table <- function(fit) {
  m <- survival:::survmean(fit, rmean = "none")$matrix
  if (is.matrix(m)) m[1, ] else m
}

km_one <- function(d) {
  time <- as.numeric(d$time)
  event <- as.integer(d$event)
  fit <- survfit(Surv(time, event) ~ 1, conf.type = "log-log")
  # print(fit) takes its median and limits from survmean
  tab <- print_table(fit)
  points <- lapply(as.numeric(d$query), function(t) {
    # summary() drops times after the last observation (extend = FALSE)
    if (t > max(fit$time)) return(list(time = t, present = FALSE))
    s <- summary(fit, times = t)
    list(time = t, present = TRUE, n_risk = s$n.risk, surv = s$surv, lower = s$lower, upper = s$upper)
  })
  reverse <- survfit(Surv(time, 1 - event) ~ 1)
  list(
    id = d$id, n = fit$n, events = sum(fit$n.event),
    steps = list(time = fit$time, n_risk = fit$n.risk, n_event = fit$n.event, n_censor = fit$n.censor,
                 surv = fit$surv, lower = fit$lower, upper = fit$upper),
    median = tab[["median"]], median_lower = tab[["0.95LCL"]], median_upper = tab[["0.95UCL"]],
    points = points,
    median_follow_up = print_table(reverse)[["median"]]
  )
}

logrank_one <- function(d) {
  time <- as.numeric(d$time)
  event <- as.integer(d$event)
  group <- factor(as.integer(d$group))
  sd <- survdiff(Surv(time, event) ~ group)
  # print.survdiff: df counts the groups with expected events > 0
  df <- sum(1 * (sd$exp > 0)) - 1
  list(id = d$id, chisq = sd$chisq, df = df, p = sd$pvalue)
}

proportion_one <- function(d) {
  x <- d$x; n <- d$n; a <- 1 - d$confidence
  lower <- if (x == 0) 0 else qbeta(a / 2, x, n - x + 1)
  upper <- if (x == n) 1 else qbeta(1 - a / 2, x + 1, n - x)
  bt <- binom.test(x, n, conf.level = d$confidence)$conf.int
  list(x = x, n = n, confidence = d$confidence, lower = lower, upper = upper,
       binom_lower = bt[1], binom_upper = bt[2])
}

funnel_one <- function(d) {
  n <- d$n; p0 <- d$p0; q <- d$q
  r <- qbinom(q, n, p0)
  fr <- pbinom(r, n, p0)
  fr1 <- pbinom(r - 1, n, p0)
  alpha <- (fr - q) / (fr - fr1)
  raw <- (r - alpha) / n
  list(n = n, p0 = p0, q = q, r = r, raw = raw, limit = min(1, max(0, raw)))
}

position_one <- function(d) {
  x <- d$x; n <- d$n; p0 <- d$p0
  lim <- sapply(c(0.001, 0.025, 0.975, 0.999), function(q) funnel_one(list(n = n, p0 = p0, q = q))$limit)
  rate <- x / n
  pos <- if (rate > lim[4]) "above_99_8" else if (rate > lim[3]) "above_95" else
    if (rate < lim[1]) "below_99_8" else if (rate < lim[2]) "below_95" else "within"
  list(x = x, n = n, p0 = p0, position = pos)
}

out <- list(
  km = lapply(input$km, km_one),
  logrank = lapply(input$logrank, logrank_one),
  proportions = lapply(input$proportions, proportion_one),
  funnel = lapply(input$funnel, funnel_one),
  positions = lapply(input$positions, position_one),
  r_version = R.version.string,
  survival_version = as.character(packageVersion("survival"))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "null", null = "null"), args[2])

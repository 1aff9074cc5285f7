import type { CatalogSettings } from '@/lib/evaluate/settings';
import type { ControlStatus } from '@/lib/evaluate/types';
import type { FakeSources } from '@/lib/testing/fake-sources';

export interface FalsePassCase { controlId: string; state: string; sources: FakeSources; settings?: Partial<CatalogSettings>; expected: ControlStatus; why: string }

/**
 * The one door to the SVG icon set (lucide). Glyphs and emoji are drawn as empty boxes where no
 * emoji font is installed (most Linux desktops); these are inline SVG, drawn the same everywhere.
 * Only the icons named here end up in the bundle: add one here before using it.
 */
import {
  Blocks,
  Box,
  Brain,
  Check,
  ChevronDown,
  ChevronUp,
  CircleAlert,
  CircleSlash,
  Cpu,
  Factory,
  FileText,
  GitBranch,
  Info,
  Layers,
  LogIn,
  LogOut,
  Map as MapIcon,
  Network,
  Pin,
  PinOff,
  Play,
  Puzzle,
  Redo2,
  Rocket,
  Route,
  Server,
  Settings,
  Sparkles,
  Square,
  SquareCode,
  SquareDashed,
  StickyNote,
  Terminal,
  TriangleAlert,
  Undo2,
  Users,
  Workflow,
  X,
  ZoomIn,
  type LucideIcon,
} from 'lucide-react';

/**
 * Icons a node definition may name (`icon: 'container'`), by their lucide name. A definition's
 * name missing here fails the icons test, so a typo cannot reach the canvas as a blank.
 */
export const KIND_ICONS: Readonly<Record<string, LucideIcon>> = {
  blocks: Blocks,
  brain: Brain,
  cpu: Cpu,
  factory: Factory,
  'file-text': FileText,
  'git-branch': GitBranch,
  layers: Layers,
  'log-in': LogIn,
  'log-out': LogOut,
  puzzle: Puzzle,
  rocket: Rocket,
  route: Route,
  server: Server,
  'square-code': SquareCode,
  'square-dashed': SquareDashed,
  'sticky-note': StickyNote,
  terminal: Terminal,
  users: Users,
};

/** A node kind's icon; a kind from elsewhere naming an icon not bundled gets a plain box. */
export function KindIcon({ name, size = 14 }: { name: string | undefined; size?: number }) {
  const Icon = (name !== undefined && Object.hasOwn(KIND_ICONS, name) ? KIND_ICONS[name] : undefined) ?? Box;
  return <Icon size={size} aria-hidden="true" focusable="false" />;
}

// Icons of the app's own controls.
export {
  Check as CheckIcon,
  ChevronDown as ChevronDownIcon,
  ChevronUp as ChevronUpIcon,
  CircleAlert as ErrorIcon,
  CircleSlash as CircleSlashIcon,
  Info as InfoIcon,
  MapIcon,
  Network as ServicesIcon,
  Pin as PinIcon,
  PinOff as UnpinIcon,
  Play as PlayIcon,
  Redo2 as RedoIcon,
  Settings as SettingsIcon,
  Sparkles as SparklesIcon,
  Square as StopIcon,
  TriangleAlert as WarningIcon,
  Undo2 as UndoIcon,
  Workflow as ArrangeIcon,
  X as CloseIcon,
  ZoomIn as ZoomInIcon,
};
export type { LucideIcon };

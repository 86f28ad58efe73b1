//! Dutch text fragments for synthetic stories, by perspective and tone. They read like the
//! stories of the national Vertelpunt but describe no real person.

pub const OPENINGS_OUDER: &[&str] = &[
    "Mijn zoon van veertien loopt al twee jaar vast op school.",
    "Onze dochter heeft sinds haar twaalfde last van angsten.",
    "Als moeder van drie kinderen zocht ik hulp voor onze middelste.",
    "Wij zijn een pleeggezin en vangen sinds vorig jaar een meisje op.",
    "Mijn kind heeft autisme en thuis liep het steeds vaker uit de hand.",
    "Na de scheiding ging het slecht met onze jongste.",
    "Als vader stond ik er na het overlijden van mijn vrouw alleen voor.",
    "Onze zoon kreeg de diagnose ADHD toen hij acht was.",
];

pub const OPENINGS_PROFESSIONAL: &[&str] = &[
    "Als medewerker van het wijkteam begeleid ik een gezin met vier kinderen.",
    "Vanuit school zag ik dat een leerling steeds vaker afwezig was.",
    "Als jeugdbeschermer kreeg ik een nieuwe casus toegewezen.",
    "Als praktijkondersteuner jeugd bij de huisarts sprak ik een jongen van vijftien.",
    "In onze instelling werd een meisje aangemeld voor een crisisplek.",
    "Als gezinscoach werkte ik met een moeder die het overzicht kwijt was.",
];

pub const OPENINGS_JONGERE: &[&str] = &[
    "Ik ben zestien en woon sinds een jaar niet meer thuis.",
    "Toen ik dertien was ging het thuis helemaal mis.",
    "Ik had heel lang last van somberheid en durfde het aan niemand te vertellen.",
    "Op school werd ik gepest en ik wilde er niet meer heen.",
    "Ik kreeg hulp omdat ik steeds ruzie had met mijn moeder.",
];

pub const NEGATIVE: &[&str] = &[
    "We stonden maandenlang op een wachtlijst en niemand belde ons terug.",
    "Elke keer moesten we ons verhaal opnieuw vertellen aan een nieuwe hulpverlener.",
    "Er werd over ons gepraat in plaats van met ons.",
    "De gemeente en de aanbieder schoven de verantwoordelijkheid naar elkaar door.",
    "Het voelde alsof de regels belangrijker waren dan ons kind.",
    "Niemand kon uitleggen wat er zou gaan gebeuren of hoe lang het zou duren.",
    "De hulp stopte plotseling omdat de indicatie was verlopen.",
    "We werden van het kastje naar de muur gestuurd.",
];

pub const NEUTRAL: &[&str] = &[
    "Uiteindelijk kwam er een gesprek, maar het duurde lang voordat er echt iets veranderde.",
    "Sommige afspraken hielpen, andere voelden vooral als een formaliteit.",
    "De hulpverlener deed haar best, maar had weinig tijd.",
    "Het plan was duidelijk, alleen de uitvoering liet op zich wachten.",
    "Het ging met ups en downs, en we weten nog niet hoe het verder gaat.",
];

pub const POSITIVE: &[&str] = &[
    "De medewerker van het wijkteam nam echt de tijd en luisterde naar wat wij nodig hadden.",
    "Binnen een week was er een gesprek en wisten we waar we aan toe waren.",
    "Er werd met ons kind gepraat en niet alleen over haar.",
    "Een oom uit de familie werd betrokken als steunfiguur en dat maakte veel verschil.",
    "De school, de huisarts en de hulpverlener werkten goed samen.",
    "We mochten zelf meebeslissen over de volgende stappen.",
    "Doordat de hulp op tijd kwam, kon ons kind thuis blijven wonen.",
];

pub const ENDINGS_NEGATIVE: &[&str] = &[
    "Ik hoop dat andere gezinnen dit niet hoeven mee te maken.",
    "We zijn er nog steeds boos over.",
    "Ik voel me machteloos en moe.",
];

pub const ENDINGS_POSITIVE: &[&str] = &[
    "Ik ben dankbaar voor deze hulp.",
    "Het gaat nu veel beter met ons.",
    "Zo zou het altijd moeten gaan.",
];

/// A rare sentence with a phone number, so the review queue for identifying details has work.
pub const IDENTIFYING: &str = "Bel me gerust op 06-12345678 als u meer wilt weten.";

pub const TITLES_NEGATIVE: &[&str] = &[
    "Van het kastje naar de muur",
    "Eindeloos wachten",
    "Niemand luisterde",
    "Steeds een nieuw gezicht",
];

pub const TITLES_NEUTRAL: &[&str] = &["Een lange weg", "Met ups en downs", "Nog niet klaar"];

pub const TITLES_POSITIVE: &[&str] = &[
    "Eindelijk gehoord",
    "Samen met school",
    "Op tijd geholpen",
    "Een steunfiguur uit de familie",
];
